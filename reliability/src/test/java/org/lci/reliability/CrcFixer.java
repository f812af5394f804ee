package org.lci.reliability;

import org.lci.format.ChunkHead;
import org.lci.format.RandomAccessSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * Rewrites every CRC-32C of an LCI file (header, chunks, and the segment CRCs in TIDX) to match the bytes, as far
 * as the structure can be followed. Fuzz targets apply it to mutated inputs so that the fuzzer gets past the
 * checksums and exercises the parsing and decoding behind them. Never throws; gives up where the bytes stop
 * making sense.
 */
final class CrcFixer {
    private CrcFixer() { }

    static byte[] fix(byte[] file) {
        byte[] b = file.clone();
        try {
            fixInPlace(b);
        }
        catch (RuntimeException stop) {
            // structure not followable any further: the rest stays as the fuzzer made it
        }
        return b;
    }

    private static void fixInPlace(byte[] b) {
        int[] pos = {8};
        if (b.length < 10) {
            return;
        }
        int start = pos[0];
        pos[0] += 1;
        int flags = b[pos[0]++] & 0xFF;
        long w = varint(b, pos);
        long h = varint(b, pos);
        pos[0] += 2 + 8;
        int tierCount = b[pos[0]++] & 0xFF;
        int[] groups = new int[tierCount];
        for (int k = 0; k < tierCount; k++) {
            groups[k] = (b[pos[0]++] & 0x0F) + 1;
        }
        long t;
        if ((flags & 4) != 0) {
            t = 64 * varint(b, pos);
            varint(b, pos);
        }
        else {
            t = 64 * ((Math.max(w, h) + 63) / 64);
        }
        putCrc(b, pos[0], b, start, pos[0] - start);
        pos[0] += 4;

        int segmentsPerTile = tierCount == 0 ? 1 : 1 + groups[0];
        long tiles = t <= 0 ? 1 : ((w + t - 1) / t) * ((h + t - 1) / t);
        TreeSet<Integer> ends = new TreeSet<>();
        for (int g : groups) {
            ends.add(1 + g);
        }
        List<Integer> layerEnds = new ArrayList<>(ends);

        int[] segLen = null;
        int[] segCrcAt = null;
        int layer = 0;
        int p = pos[0];
        RandomAccessSource source = RandomAccessSource.of(b);
        while (p + 8 <= b.length) {
            ChunkHead head;
            try {
                head = ChunkHead.read(source, p, b.length); // the format library's own chunk walk
            }
            catch (java.io.IOException e) {
                return; // not a chunk head: nothing further to follow
            }
            long len = head.length();
            String type = head.type();
            long crcAt = head.crcOffset();
            if (crcAt + 4 > b.length) {
                return;
            }
            int dataAt = p + 8;
            if (type.equals("TIDX") && segLen == null && tiles * segmentsPerTile <= len / 5) {
                int n = (int) (tiles * segmentsPerTile);
                segLen = new int[n];
                segCrcAt = new int[n];
                int[] q = {dataAt};
                for (int e = 0; e < n; e++) {
                    segLen[e] = (int) varint(b, q);
                    segCrcAt[e] = q[0];
                    q[0] += 4;
                }
            }
            else if (type.equals("LDAT") && segLen != null && layer < layerEnds.size()) {
                int from = layer == 0 ? 0 : layerEnds.get(layer - 1);
                int to = layerEnds.get(layer);
                long at = dataAt;
                for (int tile = 0; tile < tiles; tile++) {
                    for (int s = from; s < to; s++) {
                        int e = tile * segmentsPerTile + s;
                        if (at + segLen[e] > crcAt) {
                            break;
                        }
                        putCrc(b, segCrcAt[e], b, (int) at, segLen[e]);
                        at += segLen[e];
                    }
                }
                layer++;
            }
            p = (int) crcAt + 4;
        }
        // chunk CRCs last: TIDX's data changed above
        p = pos[0];
        while (p + 8 <= b.length) {
            ChunkHead head;
            try {
                head = ChunkHead.read(source, p, b.length);
            }
            catch (java.io.IOException e) {
                return;
            }
            long len = head.length();
            long crcAt = head.crcOffset();
            if (crcAt + 4 > b.length) {
                return;
            }
            putCrc(b, (int) crcAt, b, p + 4, (int) len + 4);
            p = (int) crcAt + 4;
        }
    }

    private static void putCrc(byte[] dst, int at, byte[] src, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(src, off, len);
        int v = (int) crc.getValue();
        dst[at] = (byte) (v >>> 24);
        dst[at + 1] = (byte) (v >>> 16);
        dst[at + 2] = (byte) (v >>> 8);
        dst[at + 3] = (byte) v;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return v;
    }
}
