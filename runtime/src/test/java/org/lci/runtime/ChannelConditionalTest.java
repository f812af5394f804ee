package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/**
 * Format-2 packs (channel-conditional groups, integer entropy path) through the whole codec: round trips at
 * every tier, identical latents whatever the threads, and tiers that decode a prefix of the groups.
 */
class ChannelConditionalTest {

    private final LciCodec codec = TestPacks.tinyCcCodec();

    @Test
    void roundTripsAtEveryTierAndHigherQualityCostsMore() throws Exception {
        BufferedImage src = TestPacks.lakeside();
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.9).build());
        LciInfo info = codec.readInfo(file);
        assertThat(info.tierCount()).isEqualTo(3);
        BufferedImage full = codec.decode(file, DecodeOptions.defaults(), null);
        assertThat(TestPacks.psnr(src, full)).isGreaterThan(TestPacks.MIN_PSNR);
        for (int k = 1; k < info.tierCount(); k++) {
            BufferedImage t = codec.decode(file, DecodeOptions.tier(k), null);
            assertThat(t.getWidth()).isEqualTo(info.tierWidth(k));
        }
        byte[] low = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.0).build());
        assertThat(file.length).isGreaterThan(low.length);
    }

    @Test
    void latentsAreIdenticalAcrossThreadsAndTiersDecodeAPrefix() throws Exception {
        BufferedImage src = TestPacks.synthetic(200, 150, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.7).tileSize(128).overlap(32).build());
        LatentReport expected = codec.inspectLatents(file, DecodeOptions.defaults());
        assertThat(expected.tiles()).hasSize(4);
        CodecOptions options = CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(TestPacks.tinyCcPack()))
                .intraOpThreads(1).tileThreads(2).optimization(GraphOptimization.values()[0]).build();
        try (LciCodec other = LciCodec.create(options)) {
            LatentReport r = other.inspectLatents(file, DecodeOptions.defaults());
            assertThat(r.symbolDigest()).isEqualTo(expected.symbolDigest());
            assertThat(r.latentDigest()).isEqualTo(expected.latentDigest());
        }
        LatentReport tier2 = codec.inspectLatents(file, DecodeOptions.tier(2));
        assertThat(tier2.tiles().get(0).channels()).isLessThan(expected.tiles().get(0).channels());
        float[] full = expected.tiles().get(0).yHat();
        float[] part = tier2.tiles().get(0).yHat();
        for (int i = 0; i < part.length; i++) {
            assertThat(Float.floatToRawIntBits(part[i])).isEqualTo(Float.floatToRawIntBits(full[i]));
        }
    }
}
