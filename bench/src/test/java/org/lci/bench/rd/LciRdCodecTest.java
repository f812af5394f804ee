package org.lci.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** LCI through the bench adapter with the repository's tiny test pack (fast, low quality). */
class LciRdCodecTest {

    private static Path tinyPack() {
        Path root = org.lci.format.RepoFiles.root();
        Path pack = root.resolve("testdata/packs/tiny.lcipack");
        assumeTrue(Files.isRegularFile(pack), "no test pack at " + pack);
        return pack;
    }

    @Test
    void encodesAndDecodesEveryTierAtItsSize() throws Exception {
        BufferedImage img = new BufferedImage(160, 96, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, x << 16 | (y * 2) << 8 | 128);
            }
        }
        try (LciRdCodec codec = new LciRdCodec(tinyPack(), 1)) {
            byte[] data = codec.encode(img, 0.5);
            assertThat(data.length).isGreaterThan(0);
            for (int tier = 0; tier <= 2; tier++) {
                BufferedImage out = codec.decode(data, tier);
                assertThat(out.getWidth()).isEqualTo(160 >> tier);
                assertThat(out.getHeight()).isEqualTo(96 >> tier);
            }
            assertThat(codec.describe()).contains("lci-tiny");
            // Tier-major layers: a coarser tier is a shorter prefix, the finest ends within the file.
            assertThat(codec.prefixBytes(data, 2)).isLessThan(codec.prefixBytes(data, 1));
            assertThat(codec.prefixBytes(data, 1)).isLessThan(codec.prefixBytes(data, 0));
            assertThat(codec.prefixBytes(data, 0)).isLessThanOrEqualTo(data.length);
        }
    }
}
