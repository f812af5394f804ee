package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/**
 * The entropy path is Java-only, so latents must be bit-identical whatever ONNX Runtime does: different
 * intra-op thread counts and graph optimisation levels give the same symbols and latents; pixels may differ
 * within float noise only.
 */
class DeterminismTest {

    @Test
    void latentsAreBitIdenticalAcrossThreadsAndOptimisationLevels() throws Exception {
        BufferedImage src = TestPacks.synthetic(200, 150, BufferedImage.TYPE_INT_RGB);
        EncodeOptions o = EncodeOptions.builder().quality(0.7).tileSize(128).overlap(32).build();
        byte[] reference = TestPacks.encode(TestPacks.tinyCodec(), src, o);
        LatentReport expected = TestPacks.tinyCodec().inspectLatents(reference, DecodeOptions.defaults());
        BufferedImage expectedPixels = TestPacks.tinyCodec().decode(reference, DecodeOptions.defaults(), null);
        assertThat(expected.tiles()).hasSize(4);

        int[][] settings = {{1, 0}, {2, 1}, {1, 3}};
        for (int[] s : settings) {
            CodecOptions options = CodecOptions.builder().registry(TestPacks.tinyRegistry()).intraOpThreads(s[0])
                    .optimization(GraphOptimization.values()[s[1]]).tileThreads(1 + s[0] % 2).build();
            try (LciCodec codec = LciCodec.create(options)) {
                LatentReport r = codec.inspectLatents(reference, DecodeOptions.defaults());
                assertThat(r.symbolDigest()).as("threads %d, %s", s[0], options.optimization())
                        .isEqualTo(expected.symbolDigest());
                assertThat(r.latentDigest()).isEqualTo(expected.latentDigest());
                BufferedImage pixels = codec.decode(reference, DecodeOptions.defaults(), null);
                assertThat(maxDifference(pixels, expectedPixels)).isLessThanOrEqualTo(1);
            }
        }
        LatentReport tier1 = TestPacks.tinyCodec().inspectLatents(reference, DecodeOptions.tier(1));
        assertThat(tier1.tiles().get(0).channels()).isLessThan(expected.tiles().get(0).channels());
        // a lower tier decodes a prefix of the channels with the same values
        float[] full = expected.tiles().get(0).yHat();
        float[] part = tier1.tiles().get(0).yHat();
        for (int i = 0; i < part.length; i++) {
            assertThat(Float.floatToRawIntBits(part[i])).isEqualTo(Float.floatToRawIntBits(full[i]));
        }
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    max = Math.max(max, Math.abs((p >> s & 255) - (q >> s & 255)));
                }
            }
        }
        return max;
    }
}
