package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/** Neighbouring region decodes reuse tile syntheses from a TileCache and give exactly the uncached pixels. */
class TileCacheTest {

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Lakeside (384 x 256) in tiles of 128 with 32 of overlap: 3 x 2 tiles. */
    static byte[] tiledLakeside(LciCodec codec, EncodeOptions.Builder options) throws Exception {
        return TestPacks.encode(codec, TestPacks.lakeside(), options.tileSize(128).overlap(32).build());
    }

    @Test
    void cachedTilesGiveTheSamePixelsAndAreReused() throws Exception {
        LciCodec codec = TestPacks.tinyCodec();
        byte[] file = tiledLakeside(codec, EncodeOptions.builder());
        TileCache cache = TileCache.ofBytes(64L << 20);
        Rectangle[] regions = {new Rectangle(0, 0, 128, 128), new Rectangle(128, 0, 128, 128),
            new Rectangle(128, 128, 128, 128), new Rectangle(0, 0, 384, 256)};
        for (int tier = 0; tier < 3; tier++) {
            for (Rectangle r : regions) {
                DecodeOptions plain = DecodeOptions.tier(tier).withRegion(r);
                BufferedImage want = codec.decode(file, plain, ProgressListener.NONE);
                BufferedImage got = codec.decode(file, plain.withTileCache(cache, "lakeside"), ProgressListener.NONE);
                assertThat(pixels(got)).as("tier %d region %s", tier, r).isEqualTo(pixels(want));
            }
        }
        // Each of the 6 tiles was synthesised once per tier; every later use was a hit.
        assertThat(cache.misses()).isEqualTo(3 * 6);
        assertThat(cache.hits()).isPositive();
        long hits = cache.hits();
        codec.decode(file, DecodeOptions.defaults().withTileCache(cache, "another file"), ProgressListener.NONE);
        assertThat(cache.hits()).as("another key shares nothing").isEqualTo(hits);
    }

    @Test
    void tilesKeyedByTheirContentAreSharedByEqualBytesOnly() throws Exception {
        LciCodec codec = TestPacks.tinyCodec();
        byte[] file = tiledLakeside(codec, EncodeOptions.builder());
        TileCache cache = TileCache.ofBytes(64L << 20);
        DecodeOptions keyed = DecodeOptions.tier(1).withTileCache(cache);
        assertThat(keyed.tileCache()).isSameAs(cache);
        assertThat(keyed.tileCacheKey()).isNull();

        BufferedImage want = codec.decode(file, DecodeOptions.tier(1), ProgressListener.NONE);
        assertThat(pixels(codec.decode(file, keyed, ProgressListener.NONE))).isEqualTo(pixels(want));
        assertThat(pixels(codec.decode(file.clone(), keyed, ProgressListener.NONE))).isEqualTo(pixels(want));
        assertThat(cache.misses()).isEqualTo(6);
        assertThat(cache.hits()).isEqualTo(6);
        // Another quality: the same geometry, other segments and another header; nothing is shared.
        codec.decode(tiledLakeside(codec, EncodeOptions.builder().quality(0.9)), keyed, ProgressListener.NONE);
        assertThat(cache.hits()).isEqualTo(6);
        assertThat(cache.misses()).isEqualTo(12);
    }

    @Test
    void staysWithinItsBudget() throws Exception {
        LciCodec codec = TestPacks.tinyCodec();
        byte[] file = tiledLakeside(codec, EncodeOptions.builder());
        // A tier-0 tile of 128 + overlap pads to 192 x 192: 3 planes of floats = 442,368 bytes. Room for two.
        TileCache cache = TileCache.ofBytes(900_000);
        codec.decode(file, DecodeOptions.defaults().withTileCache(cache, "x"), ProgressListener.NONE);
        assertThat(cache.bytes()).isLessThanOrEqualTo(900_000).isPositive();
        TileCache none = TileCache.ofBytes(0);
        codec.decode(file, DecodeOptions.defaults().withTileCache(none, "x"), ProgressListener.NONE);
        assertThat(none.bytes()).isZero();
    }
}
