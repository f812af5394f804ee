package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerTest {
    static final List<Tier> TIERS = List.of(new Tier(0, 3), new Tier(1, 2), new Tier(2, 1));

    @Test
    void smallSingleTileHeaderIsAtMost24Bytes() {
        LciHeader small = LciHeader.builder(100, 100).tiers(TIERS).build();
        LciHeader medium = LciHeader.builder(4000, 1000).tiers(TIERS).build();
        assertThat(small.toBytes()).hasSize(22);
        assertThat(medium.toBytes()).hasSize(24);
        assertThat(LciHeader.builder(300, 200).tiers(TIERS).tileGrid(256, 32).build().toBytes()).hasSize(26);
    }

    @Test
    void roundTripsRandomSegmentsThroughAFile(@TempDir Path dir) throws Exception {
        LciHeader h = LciHeader.builder(700, 333).channelLayout(ChannelLayout.RGBA).q16(12345)
                .packDigestPrefix(new byte[32]).tiers(TIERS).tileGrid(256, 32).build();
        Random rnd = new Random(3);
        int tiles = h.tileGrid().tileCount();
        byte[][][] seg = new byte[tiles][4][];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LciWriter w = new LciWriter(h, bytes);
        for (int t = tiles - 1; t >= 0; t--) { // any order
            for (int s = 0; s < 4; s++) {
                seg[t][s] = new byte[rnd.nextInt(300)];
                rnd.nextBytes(seg[t][s]);
                w.putSegment(t, s, seg[t][s]);
            }
        }
        byte[] alpha = new byte[700 * 333];
        rnd.nextBytes(alpha);
        w.setAlpha(alpha);
        w.addChunk(new Chunk(Chunk.ICC, new byte[] {1, 2, 3}));
        w.addTrailingChunk(new Chunk(Chunk.EXIF, new byte[] {'I', 'I', 42, 0}));
        w.finish();
        Path file = dir.resolve("x.lci");
        Files.write(file, bytes.toByteArray());

        try (LciReader r = LciReader.open(RandomAccessSource.open(file))) {
            assertThat(r.header()).isEqualTo(h);
            assertThat(r.isComplete()).isTrue();
            assertThat(r.layerCount()).isEqualTo(3);
            assertThat(r.finestCompleteTier()).isZero();
            assertThat(r.iccProfile()).get().isEqualTo(new byte[] {1, 2, 3});
            assertThat(r.exif()).isPresent();
            assertThat(r.alphaPlane()).get().isEqualTo(alpha);
            for (int t = 0; t < tiles; t++) {
                for (int s = 0; s < 4; s++) {
                    assertThat(r.readSegment(t, s)).isEqualTo(seg[t][s]);
                }
            }
            r.verifyAll();
            // Tiles decode in parallel from one reader.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<byte[][]>> f = new ArrayList<>();
                for (int t = 0; t < tiles; t++) {
                    int tile = t;
                    f.add(pool.submit(() -> r.readTier(tile, 1)));
                }
                for (int t = 0; t < tiles; t++) {
                    assertThat(f.get(t).get()).isEqualTo(Arrays.copyOf(seg[t], 3));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void everyPrefixReportsMonotoneTiersOrAFormatError() throws Exception {
        LciHeader h = LciHeader.builder(200, 130).tiers(TIERS).tileGrid(64, 16).build();
        int tiles = h.tileGrid().tileCount();
        byte[][][] seg = new byte[tiles][4][];
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < 4; s++) {
                seg[t][s] = new byte[5 + t + s];
                Arrays.fill(seg[t][s], (byte) (t * 4 + s));
            }
        }
        byte[] file = LciWriter.toBytes(h, seg);
        int lastFinest = Integer.MAX_VALUE;
        int opened = 0;
        for (int n = 0; n <= file.length; n++) {
            byte[] prefix = Arrays.copyOf(file, n);
            LciReader r;
            try {
                r = LciReader.open(RandomAccessSource.of(prefix));
            } catch (LciFormatException e) {
                assertThat(opened).as("a longer prefix must not fail once a shorter one opened").isZero();
                continue;
            }
            opened++;
            int finest = r.finestCompleteTier();
            int k = finest < 0 ? Integer.MAX_VALUE : finest;
            assertThat(k).isLessThanOrEqualTo(lastFinest);
            lastFinest = k;
            for (int t = 0; t < tiles; t++) {
                for (int s = 0; s < 4; s++) {
                    if (r.isSegmentAvailable(t, s)) {
                        assertThat(r.readSegment(t, s)).isEqualTo(seg[t][s]);
                    } else {
                        int tile = t;
                        int segment = s;
                        assertThatThrownBy(() -> r.readSegment(tile, segment)).isInstanceOf(LciFormatException.class)
                                .hasMessageContaining("truncated");
                    }
                }
            }
            assertThat(r.isComplete()).isEqualTo(n == file.length);
        }
        assertThat(lastFinest).isZero();
    }

    @Test
    void coarseTierIsAPrefixOfTheFile() throws Exception {
        LciHeader h = LciHeader.builder(512, 512).tiers(TIERS).tileGrid(256, 0).build();
        byte[][][] seg = new byte[4][4][];
        for (int t = 0; t < 4; t++) {
            for (int s = 0; s < 4; s++) {
                seg[t][s] = new byte[100];
            }
        }
        byte[] file = LciWriter.toBytes(h, seg);
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            long lastCoarse = 0;
            long firstFine = Long.MAX_VALUE;
            for (int t = 0; t < 4; t++) {
                lastCoarse = Math.max(lastCoarse, r.segmentOffset(t, 1) + 100);
                firstFine = Math.min(firstFine, r.segmentOffset(t, 2));
            }
            assertThat(lastCoarse).as("tier 2 (z + group 0 of all tiles) ends before any group 1").isLessThan(firstFine);
        }
    }

    @Test
    void tierPrefixIsTheShortestPrefixThatHoldsTheTier() throws Exception {
        LciHeader h = LciHeader.builder(600, 300).tiers(TIERS).tileGrid(256, 32).build();
        Random rnd = new Random(7);
        int tiles = h.tileGrid().tileCount();
        byte[][][] seg = new byte[tiles][4][];
        long[] coded = new long[3];
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < 4; s++) {
                seg[t][s] = new byte[1 + rnd.nextInt(200)];
                for (int k = 0; k < 3; k++) {
                    coded[k] += s < TIERS.get(k).segments() ? seg[t][s].length : 0;
                }
            }
        }
        byte[] file = LciWriter.toBytes(h, seg);
        long[] prefix = new long[3];
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            for (int k = 0; k < 3; k++) {
                prefix[k] = r.tierPrefixLength(k);
                assertThat(r.tierCodedBytes(k)).isEqualTo(coded[k]);
            }
        }
        assertThat(prefix[2]).isLessThan(prefix[1]);
        assertThat(prefix[1]).isLessThan(prefix[0]);
        assertThat(prefix[0]).isLessThan(file.length); // LEND follows
        for (int k = 0; k < 3; k++) {
            try (LciReader r = LciReader.open(RandomAccessSource.of(file, 0, (int) prefix[k]))) {
                assertThat(r.finestCompleteTier()).as("prefix of tier %d", k).isEqualTo(k);
                assertThat(r.tierPrefixLength(k)).isEqualTo(prefix[k]);
                for (int t = 0; t < tiles; t++) {
                    assertThat(r.readTier(t, k)).isEqualTo(Arrays.copyOf(seg[t], TIERS.get(k).segments()));
                }
                if (k > 0) {
                    assertThat(r.tierPrefixLength(k - 1)).isEqualTo(-1);
                }
            }
            // Without the last byte of the layer's data (the 4 CRC bytes after it are not needed to decode).
            try (LciReader r = LciReader.open(RandomAccessSource.of(file, 0, (int) prefix[k] - 5))) {
                assertThat(r.finestCompleteTier()).as("one data byte short of tier %d", k).isEqualTo(k == 2 ? -1 : k + 1);
            }
        }
    }

    @Test
    void writerRefusesMisuse() {
        LciHeader h = LciHeader.builder(10, 10).build();
        LciWriter w = new LciWriter(h, new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.putSegment(1, 0, new byte[0])).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("never written");
        assertThatThrownBy(() -> w.addChunk(new Chunk(Chunk.INDEX, new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.setAlpha(new byte[100])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LciHeader.builder(0, 5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LciHeader.builder(5, 5).tiers(List.of(new Tier(0, 1), new Tier(1, 2))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups <= 1");
    }

    @Test
    void signatureIsRecognisedCheaply() {
        assertThat(LciSignature.matches(LciSignature.bytes())).isTrue();
        assertThat(LciSignature.matches(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})).isFalse();
        assertThat(LciSignature.matches(new byte[3])).isFalse();
    }
}
