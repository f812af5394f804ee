package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lci.format.LciHeader;
import org.lci.format.LciIntegrityException;
import org.lci.format.LciReader;
import org.lci.format.LciWriter;
import org.lci.format.RandomAccessSource;
import org.lci.format.Tier;

/** A small damaged file that declares a huge image is refused before the image is allocated. */
class DamagedHugeFileTest {

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void damagedSegmentsAreFoundBeforeTheImageIsAllocated() throws Exception {
        // 8000 x 8000 RGB: a 192 MB raster. 64 tiles of 1024, every segment 16 bytes, one of them damaged.
        LciHeader h = LciHeader.builder(8000, 8000).tiers(List.of(new Tier(0, 3), new Tier(1, 2), new Tier(2, 1)))
                .tileGrid(1024, 32).build();
        int tiles = h.tileGrid().tileCount();
        byte[][][] seg = new byte[tiles][4][16];
        byte[] file = LciWriter.toBytes(h, seg);
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            file[(int) r.segmentOffset(40, 1) + 3] ^= 1; // tile 40, group 0
        }
        assertThat(file.length).isLessThan(16_000);
        LciCodec codec = TestPacks.tinyCodec();
        long before = allocatedBytes();
        assertThatThrownBy(() -> codec.decode(file, DecodeOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(LciIntegrityException.class).hasMessageContaining("tile 40");
        assertThat(allocatedBytes() - before).as("bytes allocated before the refusal").isLessThan(16L << 20);
    }
}
