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
            byte[] file = writeEmpty(header);
            byte[] head = header.toBytes();
            java.io.ByteArrayOutputStream patched = new java.io.ByteArrayOutputStream();
            patched.write(head, 0, 2);                 // version, flags
            patched.writeBytes(varint(w));
            patched.writeBytes(varint(h));
            patched.write(head, 4, head.length - 8);   // after the two 1-byte varints of 1x1, before the CRC
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(patched.toByteArray());
            int c = (int) crc.getValue();
            patched.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(file, 0, 8);                     // signature
            out.writeBytes(patched.toByteArray());
            out.write(file, 8 + head.length, file.length - 8 - head.length);
            return out.toByteArray();
        }
        return writeEmpty(header);
    }

    private static byte[] varint(int v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (v >= 0x80) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
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
