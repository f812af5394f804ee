package org.lci.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lci.runtime.LciCodec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regenerates the encoded seed files of the fuzz corpora (only with {@code -Dlci.writeSeeds=true}; the committed
 * seeds are what the normal suite runs). Seeds are small real files of the tiny model pack.
 */
class SeedCorpusWriter {
    static Map<String, byte[]> seeds() throws IOException {
        LciCodec codec = Fixtures.tinyCodec();
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("seed-tiny-rgb-64x48", Fixtures.encode(codec, Fixtures.picture(64, 48, BufferedImage.TYPE_3BYTE_BGR, 1), 0.5, 1024, 32));
        out.put("seed-tiny-rgba-tiled-100x70", Fixtures.encode(codec, Fixtures.picture(100, 70, BufferedImage.TYPE_4BYTE_ABGR, 2), 0.3, 64, 16));
        out.put("seed-tiny-gray-40x30", Fixtures.encode(codec, Fixtures.picture(40, 30, BufferedImage.TYPE_BYTE_GRAY, 3), 0.9, 1024, 32));
        out.put("seed-tiny-rgb-1x1", Fixtures.encode(codec, Fixtures.picture(1, 1, BufferedImage.TYPE_INT_RGB, 4), 0.0, 1024, 32));
        return out;
    }

    @Test
    @EnabledIfSystemProperty(named = "lci.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path res = Fixtures.repoRoot().resolve("reliability/src/test/resources/org/lci/reliability");
        for (String dir : new String[] {"ContainerFuzzTestInputs/parse", "ContainerFuzzTestInputs/parseWithValidCrcs",
                "ImageReadFuzzTestInputs/read", "ImageReadFuzzTestInputs/readWithValidCrcs"}) {
            Path d = res.resolve(dir);
            Files.createDirectories(d);
            for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
                Files.write(d.resolve(e.getKey()), e.getValue());
            }
        }
    }
}
