package org.lci.imageio;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;
import org.lci.runtime.ProgressListener;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed test files under {@code src/test/resources/lci}, and the program that made them: parts of
 * the bundled sample {@code testdata/images/lakeside.png} coded with the tiny test pack
 * {@code testdata/packs/tiny.lcipack}. Re-run it when the tiny pack changes (the files name the pack by digest):
 * {@code imageio-plugin/regenerate-test-files.sh}.
 */
final class TestFiles {
    /** 96x64 RGB, one tile. */
    static final String SMALL = "/lci/lakeside-96x64.lci";
    /** 160x112 RGB in 64-pixel tiles with 16 pixels of overlap: 3 x 2 tiles. */
    static final String TILED = "/lci/lakeside-160x112-tiled.lci";
    /** 70x50 gray, odd sizes. */
    static final String GRAY = "/lci/lakeside-70x50-gray.lci";

    private TestFiles() { }

    /** @param args the repository root */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        BufferedImage sample = ImageIO.read(root.resolve("testdata/images/lakeside.png").toFile());
        Path out = root.resolve("imageio-plugin/src/test/resources");
        ModelPackRegistry registry = ModelPackRegistry.empty().addPack(root.resolve("testdata/packs/tiny.lcipack"));
        try (LciCodec codec = LciCodec.create(CodecOptions.builder().registry(registry).build())) {
            write(codec, scaled(sample, 96, 64, BufferedImage.TYPE_3BYTE_BGR), out.resolve(SMALL.substring(1)),
                    EncodeOptions.builder().quality(0.75).build());
            write(codec, crop(sample, 200, 110, 160, 112), out.resolve(TILED.substring(1)),
                    EncodeOptions.builder().quality(0.75).tileSize(64).overlap(16).build());
            write(codec, scaled(sample, 70, 50, BufferedImage.TYPE_BYTE_GRAY), out.resolve(GRAY.substring(1)),
                    EncodeOptions.builder().quality(0.75).build());
        }
    }

    private static void write(LciCodec codec, BufferedImage image, Path file, EncodeOptions options) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream stream = Files.newOutputStream(file)) {
            codec.encode(image, options, stream, ProgressListener.NONE);
        }
        System.out.println(file + ": " + Files.size(file) + " bytes");
    }

    static BufferedImage scaled(BufferedImage source, int width, int height, int type) {
        BufferedImage scaled = new BufferedImage(width, height, type);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        }
        finally {
            g.dispose();
        }
        return scaled;
    }

    static BufferedImage crop(BufferedImage source, int x, int y, int width, int height) {
        BufferedImage crop = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = crop.createGraphics();
        try {
            g.drawImage(source.getSubimage(x, y, width, height), 0, 0, null);
        }
        finally {
            g.dispose();
        }
        return crop;
    }
}
