package org.lci.runtime;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Test fixtures found through the repository root ({@link org.lci.format.RepoFiles}). */
final class TestPacks {

    /** PSNR floor (dB) for round trips with the tiny pack: a smoke-trained model, low quality by design. */
    static final double MIN_PSNR = 14.0;

    private static LciCodec tiny;

    private TestPacks() { }

    static Path repoRoot() {
        return org.lci.format.RepoFiles.root();
    }

    /** The tiny test pack ({@code testdata/packs/tiny.lcipack}; {@code -Dlci.testPack=...} overrides it). */
    static Path tinyPack() {
        String override = System.getProperty("lci.testPack");
        Path p = override != null ? Path.of(override) : repoRoot().resolve("testdata/packs/tiny.lcipack");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test pack not found at " + p
                    + " (run training-export with --smoke-pack, or set -Dlci.testPack)");
        }
        return p;
    }

    static ModelPackRegistry tinyRegistry() {
        try {
            return ModelPackRegistry.empty().addPack(tinyPack());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One codec on the tiny pack shared by the tests (sessions are created once). */
    static synchronized LciCodec tinyCodec() {
        if (tiny == null) {
            tiny = LciCodec.create(CodecOptions.builder().registry(tinyRegistry()).build());
        }
        return tiny;
    }

    /** The tiny format-2 pack (channel-conditional groups, integer entropy path): testdata/packs/tinycc.lcipack. */
    static Path tinyCcPack() {
        return repoRoot().resolve("testdata/packs/tinycc.lcipack");
    }

    private static LciCodec tinyCc;

    static synchronized LciCodec tinyCcCodec() {
        if (tinyCc == null) {
            try {
                tinyCc = LciCodec.create(CodecOptions.builder()
                        .registry(ModelPackRegistry.empty().addPack(tinyCcPack())).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyCc;
    }

    static BufferedImage lakeside() {
        try {
            return ImageIO.read(repoRoot().resolve("testdata/images/lakeside.png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A smooth deterministic test picture with some edges. */
    static BufferedImage synthetic(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 100 * Math.sin(x * 0.05) * Math.cos(y * 0.03));
                int g = (x * 255) / Math.max(1, w - 1);
                int b = ((x / 16 + y / 16) % 2) * 120 + 60;
                int a = 255 - (y * 200) / Math.max(1, h);
                img.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    static double psnr(BufferedImage a, BufferedImage b) {
        double se = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    int d = (p >> s & 255) - (q >> s & 255);
                    se += d * d;
                    n++;
                }
            }
        }
        return se == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * n / se);
    }

    static byte[] encode(LciCodec codec, BufferedImage img, EncodeOptions o) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        codec.encode(img, o, out, ProgressListener.NONE);
        return out.toByteArray();
    }
}
