package org.lci.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The 8-byte head of a chunk as stored (SPEC.md section 7: u32 length, 4-byte type), at a file offset. The one
 * place that reads chunk heads: the reader walks the file with it, and tools that must follow damaged files
 * (CRC fixers, dumpers) use {@link #read} the same way.
 *
 * @param offset file offset of the length field
 * @param type   four ASCII letters
 * @param length data length in bytes (the chunk occupies {@code 12 + length} bytes: head, data, CRC-32C)
 */
public record ChunkHead(long offset, String type, long length) {
    /** Bytes of a chunk besides its data: length, type and CRC-32C. */
    public static final int OVERHEAD = 12;
    static final int HEAD_BYTES = 8;

    /** File offset of the data. */
    public long dataOffset() {
        return offset + HEAD_BYTES;
    }

    /** File offset of the CRC-32C. */
    public long crcOffset() {
        return offset + HEAD_BYTES + length;
    }

    /** File offset just past the chunk. */
    public long end() {
        return offset + OVERHEAD + length;
    }

    /**
     * Reads the head at {@code offset}.
     *
     * @return the head, or null when fewer than 8 bytes remain before {@code sourceLength}
     * @throws LciFormatException if the type is not four ASCII letters or the length exceeds 2^31-1
     */
    public static ChunkHead read(RandomAccessSource source, long offset, long sourceLength) throws IOException {
        if (sourceLength - offset < HEAD_BYTES) {
            return null;
        }
        byte[] head = new byte[HEAD_BYTES];
        source.readFully(offset, head, 0, HEAD_BYTES);
        long length = (head[0] & 0xFFL) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
        String type = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        if (!Chunk.isValidType(type)) {
            throw new LciFormatException("chunk type: expected four ASCII letters, found bytes "
                    + java.util.HexFormat.of().formatHex(head, 4, 8), offset + 4);
        }
        if (length > Integer.MAX_VALUE) {
            throw new LciFormatException("chunk " + type + ": length: expected at most 2^31-1, found " + length, offset);
        }
        return new ChunkHead(offset, type, length);
    }
}
