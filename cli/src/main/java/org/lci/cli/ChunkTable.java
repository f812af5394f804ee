package org.lci.cli;

import org.lci.format.LciReader;
import org.lci.format.LciSignature;
import org.lci.format.RandomAccessSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every chunk of a file with its offset (SPEC.md section 7: u32 length, 4-byte type, data, u32 CRC),
 * for {@code lci info}. The format library checks the file; this only walks the lengths.
 */
final class ChunkTable {
    /** One chunk: its type, the file offset of its length field, and its data length. */
    record Entry(String type, long offset, long length) { }

    private static final int CHUNK_OVERHEAD = 12;

    private ChunkTable() { }

    static List<Entry> of(byte[] file) throws IOException {
        int headerLength;
        try (LciReader reader = LciReader.open(RandomAccessSource.of(file))) {
            headerLength = reader.header().toBytes().length;
        }
        List<Entry> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(file); // big-endian, as the container
        long at = LciSignature.LENGTH + (long) headerLength;
        while (at + CHUNK_OVERHEAD <= file.length) {
            long length = Integer.toUnsignedLong(buffer.getInt((int) at));
            String type = new String(file, (int) at + 4, 4, StandardCharsets.US_ASCII);
            chunks.add(new Entry(type, at, length));
            if (type.equals("LEND")) {
                break;
            }
            at += CHUNK_OVERHEAD + length;
        }
        return chunks;
    }
}
