package org.lci.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Writes one LCI file (SPEC.md "File layout"). Tiles may be coded in any order and in parallel:
 * {@link #putSegment} is thread-safe. The tile index holds every segment's length, so segments are
 * kept in memory (they are the compressed data) until {@link #finish()} writes signature, header,
 * chunks, index and the layers in tier-major order, coarse tier first.
 */
public final class LciWriter {
    private static final Set<String> STRUCTURAL = Set.of(Chunk.INDEX, Chunk.LAYER, Chunk.END, Chunk.ALPHA);

    private final LciHeader header;
    private final OutputStream out;
    private final byte[][] segments;
    private final List<Chunk> leading = new ArrayList<>();
    private final List<Chunk> trailing = new ArrayList<>();
    private byte[] alphaChunk;
    private boolean finished;

    /** @param out receives the file at {@link #finish()}; the writer does not close it */
    public LciWriter(LciHeader header, OutputStream out) {
        this.header = header;
        this.out = out;
        long n = (long) header.tileGrid().tileCount() * header.segmentsPerTile();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tile grid too fine: " + n + " segments");
        }
        this.segments = new byte[(int) n][];
    }

    public LciHeader header() {
        return header;
    }

    /**
     * Stores the payload of segment {@code segment} (0 = z, 1 + g = channel group g) of a tile.
     * The array is kept, not copied: do not change it afterwards.
     */
    public synchronized void putSegment(int tile, int segment, byte[] payload) {
        checkOpen();
        int tiles = header.tileGrid().tileCount();
        int per = header.segmentsPerTile();
        if (tile < 0 || tile >= tiles || segment < 0 || segment >= per) {
            throw new IndexOutOfBoundsException("segment (tile " + tile + ", segment " + segment + ") outside "
                    + tiles + " tiles x " + per + " segments");
        }
        if (segments[tile * per + segment] != null) {
            throw new IllegalStateException("tile " + tile + " segment " + segment + " already written");
        }
        segments[tile * per + segment] = payload;
    }

    /**
     * Adds a chunk written before the tile index (ICC, EXIF, XMP or any other). Metadata placed
     * here rides along with the coarse tier in a file prefix.
     */
    public synchronized void addChunk(Chunk chunk) {
        checkOpen();
        leading.add(checkType(chunk));
    }

    /** Adds a chunk written after the last layer (for metadata a thumbnail does not need). */
    public synchronized void addTrailingChunk(Chunk chunk) {
        checkOpen();
        trailing.add(checkType(chunk));
    }

    /** Sets the alpha plane (row-major, width * height bytes); required exactly for RGBA. */
    public synchronized void setAlpha(byte[] alpha) {
        checkOpen();
        if (!header.channelLayout().hasAlpha()) {
            throw new IllegalStateException("alpha plane given but the header layout is " + header.channelLayout());
        }
        alphaChunk = AlphaCodec.encode(alpha, header.width(), header.height());
    }

    /**
     * Writes the whole file and flushes the stream.
     *
     * @throws IllegalStateException if a segment or the alpha plane of an RGBA image is missing
     */
    public synchronized void finish() throws IOException {
        checkOpen();
        int per = header.segmentsPerTile();
        for (int i = 0; i < segments.length; i++) {
            if (segments[i] == null) {
                throw new IllegalStateException("tile " + i / per + " segment " + i % per + " was never written");
            }
        }
        if (header.channelLayout().hasAlpha() && alphaChunk == null) {
            throw new IllegalStateException("RGBA image needs an alpha plane: call setAlpha before finish");
        }
        finished = true;
        out.write(LciSignature.bytes());
        out.write(header.toBytes());
        for (Chunk c : leading) {
            writeChunk(c.typeBytes(), c.dataUnsafe());
        }
        if (alphaChunk != null) {
            writeChunk(Chunk.ALPHA, alphaChunk);
        }
        writeChunk(Chunk.INDEX, index());
        int[] ends = header.layerEnds();
        int tiles = header.tileGrid().tileCount();
        int from = 0;
        for (int end : ends) {
            writeLayer(tiles, per, from, end);
            from = end;
        }
        for (Chunk c : trailing) {
            writeChunk(c.typeBytes(), c.dataUnsafe());
        }
        writeChunk(Chunk.END, new byte[0]);
        out.flush();
    }

    /** Writes everything to a new byte array: a convenience for small images and tests. */
    public static byte[] toBytes(LciHeader header, byte[][][] tileSegments) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LciWriter w = new LciWriter(header, bytes);
        for (int t = 0; t < tileSegments.length; t++) {
            for (int s = 0; s < tileSegments[t].length; s++) {
                w.putSegment(t, s, tileSegments[t][s]);
            }
        }
        w.finish();
        return bytes.toByteArray();
    }

    private byte[] index() {
        ByteArrayOutputStream idx = new ByteArrayOutputStream(segments.length * 6);
        CRC32C crc = new CRC32C();
        for (byte[] s : segments) {
            ByteCursor.putVarint(idx, s.length);
            crc.reset();
            crc.update(s);
            ByteCursor.putU32(idx, (int) crc.getValue());
        }
        return idx.toByteArray();
    }

    private void writeLayer(int tiles, int per, int from, int end) throws IOException {
        long length = 0;
        for (int t = 0; t < tiles; t++) {
            for (int s = from; s < end; s++) {
                length += segments[t * per + s].length;
            }
        }
        if (length > Integer.MAX_VALUE) {
            throw new IOException("layer of segments " + from + ".." + (end - 1) + " is " + length
                    + " bytes; a chunk holds at most 2^31-1: use more tiles or more channel groups");
        }
        CRC32C crc = new CRC32C();
        byte[] type = Chunk.LAYER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        writeU32((int) length);
        out.write(type);
        crc.update(type);
        for (int t = 0; t < tiles; t++) {
            for (int s = from; s < end; s++) {
                byte[] seg = segments[t * per + s];
                out.write(seg);
                crc.update(seg);
            }
        }
        writeU32((int) crc.getValue());
    }

    private void writeChunk(String type, byte[] data) throws IOException {
        writeChunk(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII), data);
    }

    private void writeChunk(byte[] type, byte[] data) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(data);
        writeU32(data.length);
        out.write(type);
        out.write(data);
        writeU32((int) crc.getValue());
    }

    private void writeU32(int v) throws IOException {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static Chunk checkType(Chunk chunk) {
        if (STRUCTURAL.contains(chunk.type())) {
            throw new IllegalArgumentException("chunk " + chunk.type() + " is written by the writer itself"
                    + (chunk.type().equals(Chunk.ALPHA) ? ": use setAlpha" : ""));
        }
        return chunk;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("writer already finished");
        }
    }
}
