package org.lci.reliability;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;
import org.lci.runtime.ProgressListener;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared fixtures of the reliability tests and the load bench: the tiny test model pack, codecs on it, and small
 * deterministic test pictures. The repository root comes from the system property {@code lci.repo.root} (set by
 * surefire) or is found by walking up from the working directory.
 */
public final class Fixtures {
    private static LciCodec tiny;

    private Fixtures() { }

    public static Path repoRoot() {
        String p = System.getProperty("lci.repo.root");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("testdata/packs/tiny.lcipack"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found: set -Dlci.repo.root");
    }

    /** {@code testdata/packs/tiny.lcipack}; {@code -Dlci.testPack=FILE} overrides it. */
    public static Path tinyPack() {
        String override = System.getProperty("lci.testPack");
        Path p = override != null ? Path.of(override) : repoRoot().resolve("testdata/packs/tiny.lcipack");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test model pack not found at " + p);
        }
        return p;
    }

    public static ModelPackRegistry tinyRegistry() {
        try {
            return ModelPackRegistry.empty().addPack(tinyPack());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new codec on the tiny pack only; the caller closes it. */
    public static LciCodec newTinyCodec(int tileThreads) {
        return LciCodec.create(CodecOptions.builder().registry(tinyRegistry()).tileThreads(tileThreads)
                .intraOpThreads(1).build());
    }

    /** One codec on the tiny pack, shared by the tests of a JVM (sessions are created once). */
    public static synchronized LciCodec tinyCodec() {
        if (tiny == null) {
            tiny = newTinyCodec(1);
        }
        return tiny;
    }

    /** A smooth deterministic picture with edges; {@code seed} varies it. */
    public static BufferedImage picture(int w, int h, int type, int seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 100 * Math.sin((x + seed) * 0.07) * Math.cos((y - seed) * 0.05));
                int g = ((x + 3 * seed) * 255) / Math.max(1, w - 1) & 0xFF;
                int b = (((x + seed) / 12 + y / 12) % 2) * 120 + 60;
                int a = 255 - (y * 200) / Math.max(1, h);
                img.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** Encodes with the given codec at quality q (tile size T, overlap O). */
    public static byte[] encode(LciCodec codec, BufferedImage img, double q, int tileSize, int overlap)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(img, EncodeOptions.builder().quality(q).tileSize(tileSize).overlap(overlap).build(), out,
                ProgressListener.NONE);
        return out.toByteArray();
    }
}
