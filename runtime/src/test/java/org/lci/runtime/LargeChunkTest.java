package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lci.format.Chunk;
import org.lci.format.LciHeader;
import org.lci.format.LciWriter;
import org.lci.format.Tier;

/** A large metadata chunk is held a bounded number of times while a file's info is read (it was copied 5 times). */
class LargeChunkTest {
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void readingInfoCopiesABigIccProfileAtMostTwice() throws Exception {
        int size = 16 << 20;
        byte[] icc = new byte[size];
        icc[size / 2] = 7;
        LciHeader header = LciHeader.builder(64, 64).tiers(List.of(new Tier(0, 1))).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LciWriter writer = new LciWriter(header, out);
        writer.putSegment(0, 0, new byte[4]);
        writer.putSegment(0, 1, new byte[4]);
        writer.addChunk(new Chunk(Chunk.ICC, icc));
        writer.finish();
        byte[] file = out.toByteArray();
        LciCodec codec = TestPacks.tinyCodec();
        codec.readInfo(file); // warm up class loading
        long before = allocated();
        LciInfo info = codec.readInfo(file);
        long used = allocated() - before;
        assertThat(info.metadata().icc()).hasSize(size);
        // read once from the source, copied once out of the reader: 2 x 16 MiB, plus small change
        assertThat(used).as("bytes allocated reading the info of a file with a 16 MiB ICC profile")
                .isLessThan(2L * size + (2 << 20));
    }
}
