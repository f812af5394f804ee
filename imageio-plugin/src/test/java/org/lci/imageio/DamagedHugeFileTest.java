package org.lci.imageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.LciWriter;
import org.lci.format.RandomAccessSource;
import org.lci.format.Tier;

/** ImageIO.read of a 16 KB damaged file declaring 8000 x 8000 fails before allocating the 192 MB image. */
class DamagedHugeFileTest {
    @Test
    void refusedBeforeTheDestinationIsAllocated() throws Exception {
        LciHeader h = LciHeader.builder(8000, 8000).tiers(List.of(new Tier(0, 3), new Tier(1, 2), new Tier(2, 1)))
                .tileGrid(1024, 32).build();
        byte[] file = LciWriter.toBytes(h, new byte[h.tileGrid().tileCount()][4][16]);
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            file[(int) r.segmentOffset(63, 0) + 5] ^= 1; // the last tile's z segment
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> ImageIO.read(new ByteArrayInputStream(file))).isInstanceOf(IIOException.class)
                .hasMessageContaining("tile 63");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(32L << 20);
    }
}
