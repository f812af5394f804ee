package org.lci.reliability;

import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.LciWriter;
import org.lci.format.RandomAccessSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Hand-made LCI files: real headers (tiers and pack digest of the tiny pack) around minimal segments. */
final class Crafted {
    /** The smallest valid rANS stream: both states at 65536, no words (decodes zero symbols). */
    static final byte[] EMPTY_STREAM = {0, 0, 1, 0, 0, 0, 1, 0};

    private static LciHeader template;

    private Crafted() { }

    /** Header of a real tiny-pack file: its tiers and pack digest prefix. */
    static synchronized LciHeader template() throws IOException {
        if (template == null) {
            byte[] real = Fixtures.encode(Fixtures.tinyCodec(), Fixtures.picture(64, 64, BufferedImage.TYPE_3BYTE_BGR, 0),
                    0.5, 1024, 32);
            try (LciReader r = LciReader.open(RandomAccessSource.of(real))) {
                template = r.header();
            }
        }
        return template;
    }

    /**
     * A structurally valid file declaring {@code w x h} (tile grid T/O when {@code tileSize > 0}). Without a grid
     * and over 4096 pixels a side, the one implied tile breaks SPEC.md's tile limit, which the writer refuses: the
     * file is then a 1x1 file with its size fields patched (header CRC recomputed), as a hostile writer would.
     */
    static byte[] file(int w, int h, int tileSize, int overlap) throws IOException {
        LciHeader t = template();
        boolean hostile = tileSize == 0 && Math.max(w, h) > org.lci.format.TileGrid.MAX_TILE_SIZE;
        LciHeader.Builder b = LciHeader.builder(hostile ? 1 : w, hostile ? 1 : h).tiers(t.tiers())
                .packDigestPrefix(t.packDigestPrefix()).q16(t.q16());
        if (tileSize > 0) {
            b.tileGrid(tileSize, overlap);
        }
        LciHeader header = b.build();
        if (hostile) {
            return org.lci.format.vectors.FileSurgery.resized(writeEmpty(header), w, h);
        }
        return writeEmpty(header);
    }

    private static byte[] writeEmpty(LciHeader header) throws IOException {
        int tiles = header.tileGrid().tileCount();
        byte[][][] segments = new byte[tiles][header.segmentsPerTile()][];
        for (byte[][] tile : segments) {
            Arrays.fill(tile, EMPTY_STREAM);
        }
        return LciWriter.toBytes(header, segments);
    }

    /** Bytes allocated by the current thread so far (HotSpot). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
