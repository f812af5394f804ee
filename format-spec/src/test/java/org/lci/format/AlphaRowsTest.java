package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The alpha plane streams row by row: a region needs memory for two rows, not the whole plane. */
class AlphaRowsTest {
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void rowsMatchTheWholePlaneAndCostTwoRows() throws Exception {
        int w = 16384;
        int h = 2048; // a 32 MB plane
        byte[] alpha = new byte[w * h];
        Random rnd = new Random(3);
        for (int y = 0; y < h; y++) {
            Arrays.fill(alpha, y * w, y * w + w, (byte) (y * 7));
            alpha[y * w + rnd.nextInt(w)] = (byte) rnd.nextInt(256);
        }
        LciHeader header = LciHeader.builder(w, h).channelLayout(ChannelLayout.RGBA)
                .tiers(List.of(new Tier(0, 1))).tileGrid(2048, 0).build();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        LciWriter writer = new LciWriter(header, out);
        for (int t = 0; t < header.tileGrid().tileCount(); t++) {
            writer.putSegment(t, 0, new byte[4]);
            writer.putSegment(t, 1, new byte[4]);
        }
        writer.setAlpha(alpha);
        writer.finish();
        byte[] file = out.toByteArray();
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            byte[][] rows = new byte[12][];
            long before = allocated();
            r.alphaRows(12, (y, row) -> rows[y] = row.clone());
            long used = allocated() - before;
            assertThat(used).as("bytes allocated for 12 rows of a 32 MB plane").isLessThan(2L << 20);
            for (int y = 0; y < 12; y++) {
                assertThat(rows[y]).isEqualTo(Arrays.copyOfRange(alpha, y * w, y * w + w));
            }
            byte[][] all = new byte[1][];
            r.alphaRows(h, (y, row) -> {
                if (y == h - 1) {
                    all[0] = row.clone();
                }
            });
            assertThat(all[0]).isEqualTo(Arrays.copyOfRange(alpha, (h - 1) * w, h * w));
            assertThat(r.alphaPlane()).get().isEqualTo(alpha);
        }
    }
}
