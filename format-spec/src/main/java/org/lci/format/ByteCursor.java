package org.lci.format;

/**
 * Reads big-endian integers and LEB128 varints from a byte array, reporting the file offset and
 * what was being read when the bytes run out or are malformed.
 */
final class ByteCursor {
    private final byte[] buf;
    private final int end;
    private final long fileOffset;
    private final String where;
    private int pos;

    /** @param fileOffset file offset of {@code buf[off]}; @param where what is being parsed */
    ByteCursor(byte[] buf, int off, int len, long fileOffset, String where) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.fileOffset = fileOffset - off;
        this.where = where;
    }

    int position() {
        return pos;
    }

    long fileOffset() {
        return fileOffset + pos;
    }

    int remaining() {
        return end - pos;
    }

    int u8(String field) throws LciFormatException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws LciFormatException {
        need(2, field);
        int v = (buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u32(String field) throws LciFormatException {
        need(4, field);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    void bytes(byte[] dst, String field) throws LciFormatException {
        need(dst.length, field);
        System.arraycopy(buf, pos, dst, 0, dst.length);
        pos += dst.length;
    }

    /** Canonical unsigned LEB128, at most 5 bytes, value 0..2^31-1. */
    int varint(String field) throws LciFormatException {
        long at = fileOffset();
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8(field);
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new LciFormatException(where + ": " + field + ": expected a minimal varint, found a redundant zero byte", at);
                }
                if (v > Integer.MAX_VALUE) {
                    throw new LciFormatException(where + ": " + field + ": expected a varint <= 2^31-1, found " + v, at);
                }
                return (int) v;
            }
        }
        throw new LciFormatException(where + ": " + field + ": expected a varint of at most 5 bytes, found a longer one", at);
    }

    private void need(int n, String field) throws LciFormatException {
        if (end - pos < n) {
            throw new LciFormatException(where + ": " + field + ": expected " + n + " more bytes, found "
                    + (end - pos) + " (truncated)", fileOffset());
        }
    }

    /** Appends a canonical LEB128 varint of {@code v >= 0}. */
    static void putVarint(java.io.ByteArrayOutputStream out, int v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint: expected >= 0, found " + v);
        }
        while (v >= 0x80) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    static void putU32(java.io.ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
