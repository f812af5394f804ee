package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.lci.format.LciFormatException;

/** Progress, cancellation, device fallback, parallel tiles and bad input. */
class ControlTest {

    private final LciCodec codec = TestPacks.tinyCodec();
    private final EncodeOptions tiled = EncodeOptions.builder().quality(0.5).tileSize(64).overlap(16).build();

    @Test
    void progressIsReportedPerTileAndCancelStopsBetweenTiles() throws Exception {
        BufferedImage src = TestPacks.synthetic(200, 130, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestPacks.encode(codec, src, tiled);
        int tiles = codec.readInfo(file).tileCount();
        assertThat(tiles).isEqualTo(12);
        AtomicInteger seen = new AtomicInteger();
        codec.decode(file, DecodeOptions.defaults(), new ProgressListener() {
            @Override
            public void tileDone(int done, int total) {
                assertThat(total).isEqualTo(tiles);
                assertThat(done).isEqualTo(seen.incrementAndGet());
            }
        });
        assertThat(seen.get()).isEqualTo(tiles);

        AtomicInteger done = new AtomicInteger();
        ProgressListener stopAfterTwo = new ProgressListener() {
            @Override
            public void tileDone(int d, int total) {
                done.set(d);
            }

            @Override
            public boolean isCancelled() {
                return done.get() >= 2;
            }
        };
        BufferedImage dest = new BufferedImage(200, 130, BufferedImage.TYPE_INT_ARGB);
        assertThat(codec.decodeInto(file, DecodeOptions.defaults(), dest, null, stopAfterTwo)).isFalse();
        assertThat(done.get()).isEqualTo(2);
        assertThat(dest.getRGB(10, 10) >>> 24).isEqualTo(255);   // tile 0 written
        assertThat(dest.getRGB(190, 120)).isZero();               // last tile not
        assertThatThrownBy(() -> codec.encode(src, tiled, new java.io.ByteArrayOutputStream(), stopAfterTwo))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void cudaRequestFallsBackToCpu() throws Exception {
        try (LciCodec cuda = LciCodec.create(CodecOptions.builder().registry(TestPacks.tinyRegistry())
                .device(Device.CUDA).build())) {
            BufferedImage src = TestPacks.synthetic(64, 64, BufferedImage.TYPE_INT_RGB);
            byte[] file = TestPacks.encode(cuda, src, EncodeOptions.defaults());
            assertThat(cuda.decode(file, DecodeOptions.defaults(), null).getWidth()).isEqualTo(64);
            assertThat(cuda.provider()).isIn("CPU", "CUDA");
            if (System.getenv("CUDA_VISIBLE_DEVICES") == null) {
                assertThat(cuda.provider()).isEqualTo("CPU");
            }
        }
    }

    @Test
    void parallelTilesGiveTheSameBytesAndPixels() throws Exception {
        BufferedImage src = TestPacks.synthetic(260, 140, BufferedImage.TYPE_INT_RGB);
        byte[] serial = TestPacks.encode(codec, src, tiled);
        try (LciCodec par = LciCodec.create(CodecOptions.builder().registry(TestPacks.tinyRegistry())
                .tileThreads(3).build())) {
            assertThat(TestPacks.encode(par, src, tiled)).isEqualTo(serial);
            BufferedImage a = codec.decode(serial, DecodeOptions.defaults(), null);
            BufferedImage b = par.decode(serial, DecodeOptions.defaults(), null);
            assertThat(a.getRGB(0, 0, 260, 140, null, 0, 260)).isEqualTo(b.getRGB(0, 0, 260, 140, null, 0, 260));
        }
    }

    @Test
    void damagedFilesGiveTypedErrors() throws Exception {
        byte[] file = TestPacks.encode(codec, TestPacks.synthetic(100, 70, BufferedImage.TYPE_INT_RGB), tiled);
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}, DecodeOptions.defaults(), null))
                .isInstanceOf(LciFormatException.class);
        byte[] cut = Arrays.copyOf(file, file.length - 30);
        assertThatThrownBy(() -> codec.decode(cut, DecodeOptions.defaults(), null))
                .isInstanceOf(LciFormatException.class);
        byte[] flipped = file.clone();
        flipped[file.length - 40] ^= 0x10;
        assertThatThrownBy(() -> codec.decode(flipped, DecodeOptions.defaults(), null))
                .isInstanceOf(LciFormatException.class);
        assertThatThrownBy(() -> codec.decode(file, DecodeOptions.tier(5), null))
                .isInstanceOf(LciCodecException.class).hasMessageContaining("tier 5");
        assertThatThrownBy(() -> codec.decode(file, DecodeOptions.defaults()
                .withRegion(new java.awt.Rectangle(500, 0, 10, 10)), null))
                .isInstanceOf(LciCodecException.class).hasMessageContaining("region");
    }

    @Test
    void truncatedFileStillDecodesItsCompleteCoarseTier() throws Exception {
        BufferedImage src = TestPacks.synthetic(150, 100, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestPacks.encode(codec, src, tiled);
        BufferedImage quarter = codec.decode(file, DecodeOptions.tier(2), null);
        byte[] cut = null;
        for (int len = file.length - 1; len > 0; len--) {
            byte[] prefix = Arrays.copyOf(file, len);
            try {
                if (codec.readInfo(prefix).finestCompleteTier() == 2) {
                    cut = prefix;
                    break;
                }
            } catch (LciFormatException tooShort) {
                break;
            }
        }
        assertThat(cut).as("a prefix holding only tier 2").isNotNull();
        BufferedImage fromPrefix = codec.decode(cut, DecodeOptions.tier(2), null);
        assertThat(fromPrefix.getRGB(0, 0, 38, 25, null, 0, 38)).isEqualTo(quarter.getRGB(0, 0, 38, 25, null, 0, 38));
        byte[] prefix = cut;
        assertThatThrownBy(() -> codec.decode(prefix, DecodeOptions.defaults(), null))
                .isInstanceOf(LciFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void randomDamageNeverEscapesAsAnUncheckedException() throws Exception {
        byte[] file = TestPacks.encode(codec, TestPacks.synthetic(90, 70, BufferedImage.TYPE_INT_ARGB), tiled);
        java.util.Random r = new java.util.Random(42);
        int failures = 0;
        for (int i = 0; i < 150; i++) {
            byte[] bad = file.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
            }
            try {
                codec.decode(bad, DecodeOptions.tier(r.nextInt(3)), null);
            } catch (java.io.IOException expected) {
                failures++;
            }
        }
        assertThat(failures).isGreaterThan(100); // CRCs catch nearly every flip
    }

    @Test
    void oversizedTilesAreRefusedBeforeAnyModelRuns() throws Exception {
        byte[] digest = java.util.HexFormat.of().parseHex(codec.registry().defaultPack().digest());
        java.util.List<org.lci.format.Tier> tiers = java.util.List.of(new org.lci.format.Tier(0, 3),
                new org.lci.format.Tier(1, 2), new org.lci.format.Tier(2, 1));
        // The writer refuses to make a file with one implied tile over 4096 pixels (SPEC.md section 4) ...
        assertThatThrownBy(() -> org.lci.format.LciHeader.builder(5000, 64).packDigestPrefix(digest).tiers(tiers).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a tile grid");
        // ... and a reader refuses one made by hand: 4000 x 64 patched to 5000 x 64, header CRC recomputed.
        org.lci.format.LciHeader header = org.lci.format.LciHeader.builder(4000, 64).packDigestPrefix(digest)
                .tiers(tiers).build();
        byte[] file = org.lci.format.LciWriter.toBytes(header, new byte[][][] {{new byte[8], new byte[8], new byte[8],
            new byte[8]}});
        byte[] hostile = org.lci.format.vectors.FileSurgery.resized(file, 5000, 64);
        assertThatThrownBy(() -> codec.decode(hostile, DecodeOptions.defaults(), null))
                .isInstanceOf(org.lci.format.LciFormatException.class).hasMessageContaining("T = 5056");
    }

    @Test
    void veryWideImageCodesTileByTile() throws Exception {
        BufferedImage src = TestPacks.synthetic(20_000, 24, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().tileSize(2048).build());
        LciInfo info = codec.readInfo(file);
        assertThat(info.tileColumns()).isEqualTo(10);
        BufferedImage out = codec.decode(file, DecodeOptions.tier(2), null);
        assertThat(out.getWidth()).isEqualTo(5000);
        assertThat(out.getHeight()).isEqualTo(6);
    }
}
