package org.lci.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads an LCI file from a {@link RandomAccessSource}. {@link #open} reads the signature, header,
 * the chunks before the data and the tile index, and locates the layers; segments are read on
 * demand and their CRC-32C checked on every read. A truncated file opens as long as the index is
 * complete: {@link #isTierComplete} and {@link #isSegmentAvailable} say what can be decoded.
 * Segment reads are thread-safe when the source is.
 */
public final class LciReader implements Closeable {
    private static final int CHUNK_HEAD = ChunkHead.HEAD_BYTES;
    private static final int CRC_BYTES = ChunkHead.OVERHEAD - ChunkHead.HEAD_BYTES;

    private final RandomAccessSource source;
    private final LciLimits limits;
    private final long length;
    private LciHeader header;
    private final List<Chunk> chunks = new ArrayList<>();
    private final List<ChunkHead> heads = new ArrayList<>();
    private int segmentsPerTile;
    private int[] layerEnds;
    /** Per entry (tile * segmentsPerTile + segment): length, CRC and offset inside its layer. */
    private int[] segLength;
    private int[] segCrc;
    private long[] segRelative;
    private long[] layerLength;
    /** File offset of each layer's data, or -1 when the layer's chunk head is missing. */
    private long[] layerStart;
    private long alphaOffset = -1;
    private int alphaLength;
    private boolean complete;

    private LciReader(RandomAccessSource source, LciLimits limits) throws IOException {
        this.source = source;
        this.limits = limits;
        this.length = source.length();
    }

    /** Opens with {@link LciLimits#DEFAULT}. */
    public static LciReader open(RandomAccessSource source) throws IOException {
        return open(source, LciLimits.DEFAULT);
    }

    /**
     * Reads everything up to the layer data and checks it. The reader owns {@code source}: closing the reader
     * closes it, and when this method throws it has already closed it.
     *
     * @throws LciFormatException if the file is malformed, damaged, over the limits, or truncated
     *     before the end of the tile index
     */
    public static LciReader open(RandomAccessSource source, LciLimits limits) throws IOException {
        // The reader owns the source: when parsing fails nobody else will close it (a server opening 50
        // bad files would otherwise hold 50 file descriptors).
        try {
            LciReader r = new LciReader(source, limits);
            r.parse();
            return r;
        } catch (IOException | RuntimeException | Error e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public LciHeader header() {
        return header;
    }

    public TileGrid tileGrid() {
        return header.tileGrid();
    }

    /** Bytes of the source. */
    public long length() {
        return length;
    }

    /**
     * Ancillary chunks of known type (ICC, EXIF, XMP) found in the file, in file order. Unknown
     * ancillary chunks are skipped unread, as SPEC.md requires.
     */
    public List<Chunk> chunks() {
        return Collections.unmodifiableList(chunks);
    }

    /** The first chunk of {@code type}, if present. */
    public Optional<Chunk> chunk(String type) {
        return chunks.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** The ICC profile; absent means sRGB. */
    public Optional<byte[]> iccProfile() {
        return chunk(Chunk.ICC).map(Chunk::data);
    }

    public Optional<byte[]> exif() {
        return chunk(Chunk.EXIF).map(Chunk::data);
    }

    public Optional<byte[]> xmp() {
        return chunk(Chunk.XMP).map(Chunk::data);
    }

    /**
     * Every chunk head the reader walked, in file order, through LEND (or through the last head present in a
     * truncated file, whose data may be cut off).
     */
    public List<ChunkHead> chunkHeads() {
        return java.util.Collections.unmodifiableList(heads);
    }

    /** True when the whole file through LEND is present. */
    public boolean isComplete() {
        return complete;
    }

    /** Number of layers; layer j holds, for each tile, segments [layerStart(j), layerEnd(j)). */
    public int layerCount() {
        return layerEnds.length;
    }

    /** True when every segment that tier {@code tier} needs, of every tile, is present. */
    public boolean isTierComplete(int tier) {
        int need = header.tier(tier).segments();
        for (int j = 0; j < layerEnds.length && (j == 0 || layerEnds[j - 1] < need); j++) {
            if (layerStart[j] < 0 || layerStart[j] + layerLength[j] > length) {
                return false;
            }
        }
        return true;
    }

    /** The finest (smallest-index) complete tier, or -1 when no tier is complete. */
    public int finestCompleteTier() {
        for (int k = 0; k < header.tierCount(); k++) {
            if (isTierComplete(k)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The coded bytes a decoder reads for tier {@code tier}: the lengths of the z segment and of the tier's
     * channel-group segments, summed over every tile (chunk heads and CRCs not counted).
     */
    public long tierCodedBytes(int tier) {
        int need = header.tier(tier).segments();
        long sum = 0;
        int tiles = header.tileGrid().tileCount();
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < need; s++) {
                sum += segLength[t * segmentsPerTile + s];
            }
        }
        return sum;
    }

    /**
     * The length of the prefix of the file that decodes tier {@code tier} (SPEC.md "Truncation"): everything up
     * to the end of the last layer chunk the tier needs, its CRC included (so every chunk in it is whole). That
     * prefix is itself a valid, truncated {@code .lci} file. Chunks after the layers (trailing metadata, ALPH)
     * are not in it.
     *
     * @return the prefix length, or -1 when this source does not hold all of the tier's layers
     */
    public long tierPrefixLength(int tier) {
        int need = header.tier(tier).segments();
        int last = layerOf(need - 1);
        long end = layerStart[last] < 0 ? -1 : layerStart[last] + layerLength[last] + CRC_BYTES;
        return end < 0 || end > length ? -1 : end;
    }

    /** True when the segment's bytes are inside the source (a truncated file may lack some). */
    public boolean isSegmentAvailable(int tile, int segment) {
        int e = entry(tile, segment);
        int j = layerOf(segment);
        return layerStart[j] >= 0 && layerStart[j] + segRelative[e] + segLength[e] <= length;
    }

    public int segmentLength(int tile, int segment) {
        return segLength[entry(tile, segment)];
    }

    /** File offset of the segment's first byte, or -1 when its layer is not in the source. */
    public long segmentOffset(int tile, int segment) {
        int e = entry(tile, segment);
        int j = layerOf(segment);
        return layerStart[j] < 0 ? -1 : layerStart[j] + segRelative[e];
    }

    /**
     * Reads one segment and checks its CRC-32C.
     *
     * @param segment 0 = z, 1 + g = channel group g
     * @throws LciIntegrityException if the CRC does not match (names tile and segment)
     * @throws LciFormatException if the segment lies beyond the end of a truncated file
     */
    public byte[] readSegment(int tile, int segment) throws IOException {
        int e = entry(tile, segment);
        if (!isSegmentAvailable(tile, segment)) {
            throw new LciFormatException("tile " + tile + " " + segmentName(segment) + " segment: expected "
                    + segLength[e] + " bytes, found the file truncated at " + length + " bytes");
        }
        long at = segmentOffset(tile, segment);
        byte[] data = new byte[segLength[e]];
        source.readFully(at, data, 0, data.length);
        CRC32C crc = new CRC32C();
        crc.update(data);
        if ((int) crc.getValue() != segCrc[e]) {
            throw new LciIntegrityException("tile " + tile + " " + segmentName(segment) + " segment (segment " + segment
                    + "): CRC-32C mismatch: index says 0x" + LciHeader.hex(segCrc[e]) + ", data gives 0x"
                    + LciHeader.hex((int) crc.getValue()), tile, segment, at);
        }
        return data;
    }

    /** The segments tier {@code tier} needs from one tile: z, then its channel groups in order. */
    public byte[][] readTier(int tile, int tier) throws IOException {
        byte[][] out = new byte[header.tier(tier).segments()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = readSegment(tile, s);
        }
        return out;
    }

    /**
     * The decoded alpha plane (width * height bytes, row-major), or empty for layouts without alpha.
     *
     * @throws LciFormatException if the ALPH chunk is damaged or beyond the end of a truncated file
     */
    public Optional<byte[]> alphaPlane() throws IOException {
        if (!header.channelLayout().hasAlpha()) {
            return Optional.empty();
        }
        return Optional.of(AlphaCodec.decode(alphaData(), header.width(), header.height(), alphaOffset + CHUNK_HEAD));
    }

    /**
     * Streams rows {@code 0 … rowEnd − 1} of the alpha plane ({@link AlphaCodec#decodeRows}), holding two rows at
     * a time; does nothing for layouts without alpha.
     *
     * @throws LciFormatException if the ALPH chunk is damaged or beyond the end of a truncated file
     */
    public void alphaRows(int rowEnd, AlphaCodec.RowConsumer consumer) throws IOException {
        if (header.channelLayout().hasAlpha()) {
            AlphaCodec.decodeRows(alphaData(), header.width(), header.height(), rowEnd, alphaOffset + CHUNK_HEAD, consumer);
        }
    }

    /** The ALPH chunk's (compressed) data, CRC checked. */
    private byte[] alphaData() throws IOException {
        if (alphaOffset < 0) {
            throw new LciFormatException("ALPH chunk: expected for layout RGBA, found the file truncated before it");
        }
        return readChunkData(Chunk.ALPHA, alphaOffset, alphaLength);
    }

    /** Reads the whole file and checks every chunk CRC (layers included) and every segment CRC. */
    public void verifyAll() throws IOException {
        int tiles = header.tileGrid().tileCount();
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < segmentsPerTile; s++) {
                readSegment(t, s);
            }
        }
        for (int j = 0; j < layerEnds.length; j++) {
            if (layerStart[j] >= 0 && layerStart[j] + layerLength[j] + CRC_BYTES <= length) {
                checkLayerCrc(j);
            }
        }
        if (alphaOffset >= 0) {
            readChunkData(Chunk.ALPHA, alphaOffset, alphaLength);
        }
        if (!complete) {
            throw new LciFormatException("file: expected the LEND chunk, found the file truncated at " + length + " bytes");
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Name of a segment in messages: "z" or "group g". */
    public static String segmentName(int segment) {
        return segment == 0 ? "z" : "group " + (segment - 1);
    }

    private int entry(int tile, int segment) {
        int tiles = header.tileGrid().tileCount();
        if (tile < 0 || tile >= tiles || segment < 0 || segment >= segmentsPerTile) {
            throw new IndexOutOfBoundsException("segment (tile " + tile + ", segment " + segment + ") outside "
                    + tiles + " tiles x " + segmentsPerTile + " segments");
        }
        return tile * segmentsPerTile + segment;
    }

    private int layerOf(int segment) {
        int j = 0;
        while (layerEnds[j] <= segment) {
            j++;
        }
        return j;
    }

    // ---- parsing ------------------------------------------------------------------------------

    private enum Phase { LEADING, LAYERS, TRAILING }

    private void parse() throws IOException {
        if (length < LciSignature.LENGTH) {
            byte[] got = new byte[(int) length];
            source.readFully(0, got, 0, got.length);
            if (!java.util.Arrays.equals(got, 0, got.length, LciSignature.bytes(), 0, got.length)) {
                LciSignature.check(got, got.length);
            }
            throw new LciFormatException("file: expected at least the 8-byte signature, found " + length + " bytes", 0);
        }
        int headLen = (int) Math.min(length, LciSignature.LENGTH + LciHeader.MAX_BYTES);
        byte[] head = new byte[headLen];
        source.readFully(0, head, 0, headLen);
        LciSignature.check(head, headLen);
        int[] used = new int[1];
        header = LciHeader.parse(head, LciSignature.LENGTH, headLen - LciSignature.LENGTH, LciSignature.LENGTH, limits, used);
        segmentsPerTile = header.segmentsPerTile();
        layerEnds = header.layerEnds();
        layerStart = new long[layerEnds.length];
        java.util.Arrays.fill(layerStart, -1);
        layerLength = new long[layerEnds.length];

        long pos = LciSignature.LENGTH + used[0];
        Phase phase = Phase.LEADING;
        int layer = 0;
        while (true) {
            ChunkHead chunkHead = ChunkHead.read(source, pos, length);
            if (chunkHead == null) {
                if (phase == Phase.LEADING) {
                    throw new LciFormatException("file: expected a chunk head (8 bytes) before the tile index, found "
                            + (length - pos) + " bytes (truncated)", pos);
                }
                return; // truncated after the index: what is present stays readable
            }
            heads.add(chunkHead);
            long len = chunkHead.length();
            String type = chunkHead.type();
            long end = chunkHead.end();
            boolean present = end <= length;
            if (phase == Phase.LAYERS) {
                if (!type.equals(Chunk.LAYER)) {
                    throw new LciFormatException("layer " + layer + ": expected chunk LDAT, found " + type, pos);
                }
                if (len != layerLength[layer]) {
                    throw new LciFormatException("layer " + layer + ": LDAT length: expected " + layerLength[layer]
                            + " (sum of its segment lengths in the index), found " + len, pos);
                }
                layerStart[layer] = pos + CHUNK_HEAD;
                if (!present) {
                    return;
                }
                if (++layer == layerEnds.length) {
                    phase = Phase.TRAILING;
                }
                pos = end;
                continue;
            }
            switch (type) {
                case Chunk.INDEX -> {
                    if (phase != Phase.LEADING) {
                        throw new LciFormatException("chunk TIDX: expected exactly one, found a second", pos);
                    }
                    requireLoadable(type, len, present, pos, true);
                    parseIndex(readChunkData(type, pos, (int) len), pos + CHUNK_HEAD);
                    phase = Phase.LAYERS;
                }
                case Chunk.LAYER -> throw new LciFormatException("chunk LDAT: expected only after TIDX and only "
                        + layerEnds.length + " of them, found one more", pos);
                case Chunk.ALPHA -> {
                    if (alphaOffset >= 0) {
                        throw new LciFormatException("chunk ALPH: expected at most one, found a second", pos);
                    }
                    if (!header.channelLayout().hasAlpha()) {
                        throw new LciFormatException("chunk ALPH: expected only for layout RGBA, found it with layout "
                                + header.channelLayout(), pos);
                    }
                    if (len > limits.maxChunkBytes()) {
                        throw new LciFormatException("chunk ALPH: " + len + " bytes exceeds the reader limit of "
                                + limits.maxChunkBytes(), pos);
                    }
                    if (!present && phase == Phase.LEADING) {
                        throw truncated(type, pos, end);
                    }
                    if (!present) {
                        return;
                    }
                    alphaOffset = pos;
                    alphaLength = (int) len;
                }
                case Chunk.END -> {
                    if (phase != Phase.TRAILING) {
                        throw new LciFormatException("chunk LEND: expected after the tile index and all layers, found it earlier", pos);
                    }
                    if (len != 0) {
                        throw new LciFormatException("chunk LEND: length: expected 0, found " + len, pos);
                    }
                    if (!present) {
                        return;
                    }
                    readChunkData(type, pos, 0);
                    if (end != length) {
                        throw new LciFormatException("file: expected to end after LEND, found " + (length - end)
                                + " more bytes", end);
                    }
                    if (header.channelLayout().hasAlpha() && alphaOffset < 0) {
                        throw new LciFormatException("file: expected an ALPH chunk for layout RGBA, found none", pos);
                    }
                    complete = true;
                    return;
                }
                default -> {
                    if (Chunk.isCritical(type)) {
                        throw new LciFormatException("chunk " + type + ": unknown critical chunk (written by a newer encoder?); "
                                + "expected only TIDX, LDAT, ALPH, LEND or ancillary (lower-case) chunks", pos);
                    }
                    if (!present && phase == Phase.LEADING) {
                        throw truncated(type, pos, end);
                    }
                    if (!present) {
                        return;
                    }
                    if (type.equals(Chunk.ICC) || type.equals(Chunk.EXIF) || type.equals(Chunk.XMP)) {
                        if (chunk(type).isPresent()) {
                            throw new LciFormatException("chunk " + type + ": expected at most one, found a second", pos);
                        }
                        requireLoadable(type, len, true, pos, false);
                        chunks.add(Chunk.owning(type, readChunkData(type, pos, (int) len)));
                    } else {
                        // Skipped, but its CRC is still checked (streamed): a flipped bit in the type of a known
                        // chunk (iCCP -> yCCP) must not silently drop it.
                        checkCrcStreaming(type, pos, len);
                    }
                }
            }
            pos = end;
        }
    }

    private LciFormatException truncated(String type, long pos, long end) {
        return new LciFormatException("chunk " + type + ": expected " + (end - pos) + " bytes before the tile index, found "
                + (length - pos) + " (truncated)", pos);
    }

    private void requireLoadable(String type, long len, boolean present, long pos, boolean beforeIndex)
            throws LciFormatException {
        if (len > limits.maxChunkBytes()) {
            throw new LciFormatException("chunk " + type + ": " + len + " bytes exceeds the reader limit of "
                    + limits.maxChunkBytes(), pos);
        }
        if (!present && beforeIndex) {
            throw truncated(type, pos, pos + CHUNK_HEAD + len + CRC_BYTES);
        }
    }

    /** Reads a chunk's data (length already checked against the source) and checks its CRC. */
    private byte[] readChunkData(String type, long pos, int len) throws IOException {
        byte[] buf = new byte[len]; // exactly the data: a chunk of up to 64 MiB is allocated once, not copied
        byte[] crcBytes = new byte[CRC_BYTES];
        source.readFully(pos + CHUNK_HEAD, buf, 0, len);
        source.readFully(pos + CHUNK_HEAD + len, crcBytes, 0, CRC_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(buf, 0, len);
        int stored = (crcBytes[0] & 0xFF) << 24 | (crcBytes[1] & 0xFF) << 16 | (crcBytes[2] & 0xFF) << 8
                | (crcBytes[3] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new LciIntegrityException("chunk " + type + ": CRC-32C mismatch: stored 0x" + LciHeader.hex(stored)
                    + ", computed 0x" + LciHeader.hex((int) crc.getValue()), -1, -1, pos);
        }
        return buf;
    }

    private void checkLayerCrc(int j) throws IOException {
        long pos = layerStart[j] - CHUNK_HEAD;
        int[] crcs = crcStreaming(Chunk.LAYER, pos, layerLength[j]);
        if (crcs[0] != crcs[1]) {
            throw new LciIntegrityException("layer " + j + " chunk LDAT: CRC-32C mismatch: stored 0x" + LciHeader.hex(crcs[1])
                    + ", computed 0x" + LciHeader.hex(crcs[0]), -1, -1, pos);
        }
    }

    /** Checks the CRC of a chunk that is present in the source without loading its data at once. */
    private void checkCrcStreaming(String type, long pos, long len) throws IOException {
        int[] crcs = crcStreaming(type, pos, len);
        if (crcs[0] != crcs[1]) {
            throw new LciIntegrityException("chunk " + type + ": CRC-32C mismatch: stored 0x" + LciHeader.hex(crcs[1])
                    + ", computed 0x" + LciHeader.hex(crcs[0]), -1, -1, pos);
        }
    }

    /** {computed, stored} CRC-32C of the chunk at {@code pos} (type + data; the data is read in blocks). */
    private int[] crcStreaming(String type, long pos, long len) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
        byte[] buf = new byte[(int) Math.min(65536, Math.max(len, CRC_BYTES))];
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(buf.length, len - done);
            source.readFully(pos + CHUNK_HEAD + done, buf, 0, n);
            crc.update(buf, 0, n);
            done += n;
        }
        source.readFully(pos + CHUNK_HEAD + len, buf, 0, CRC_BYTES);
        int s = (buf[0] & 0xFF) << 24 | (buf[1] & 0xFF) << 16 | (buf[2] & 0xFF) << 8 | (buf[3] & 0xFF);
        return new int[] {(int) crc.getValue(), s};
    }

    private void parseIndex(byte[] data, long fileOffset) throws LciFormatException {
        int tiles = header.tileGrid().tileCount();
        long entries = (long) tiles * segmentsPerTile;
        if (entries * 5 > data.length) {
            throw new LciFormatException("TIDX: expected at least " + entries * 5 + " bytes for " + tiles + " tiles x "
                    + segmentsPerTile + " segments (5 bytes each at least), found " + data.length, fileOffset);
        }
        int n = (int) entries;
        segLength = new int[n];
        segCrc = new int[n];
        segRelative = new long[n];
        ByteCursor in = new ByteCursor(data, 0, data.length, fileOffset, "TIDX");
        for (int e = 0; e < n; e++) {
            String what = "tile " + e / segmentsPerTile + " " + segmentName(e % segmentsPerTile) + " segment";
            segLength[e] = in.varint(what + " length");
            segCrc[e] = in.u32(what + " CRC-32C");
        }
        if (in.remaining() != 0) {
            throw new LciFormatException("TIDX: expected " + in.position() + " bytes for " + tiles + " tiles x "
                    + segmentsPerTile + " segments, found " + data.length, fileOffset);
        }
        int from = 0;
        for (int j = 0; j < layerEnds.length; j++) {
            long rel = 0;
            for (int t = 0; t < tiles; t++) {
                for (int s = from; s < layerEnds[j]; s++) {
                    int e = t * segmentsPerTile + s;
                    segRelative[e] = rel;
                    rel += segLength[e];
                }
            }
            if (rel > Integer.MAX_VALUE) {
                throw new LciFormatException("TIDX: layer " + j + ": expected at most 2^31-1 bytes of segments, found "
                        + rel, fileOffset);
            }
            // A layer longer than the rest of the file is not an error: the file is truncated, and the layers
            // before it stay decodable (SPEC.md "Truncation"). Nothing is allocated from these lengths.
            layerLength[j] = rel;
            from = layerEnds[j];
        }
    }
}
