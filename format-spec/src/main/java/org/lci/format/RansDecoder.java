package org.lci.format;

/**
 * Decoder of one LCI-rANS stream (SPEC.md, "Entropy coder"). The caller knows how many symbols a
 * stream holds and which table codes each; {@link #finish()} then checks that the stream ended
 * exactly where the encoder started, which catches most damage the CRC did not. Every read is
 * bounds-checked: damaged input gives {@link LciFormatException}, never an unchecked exception.
 * Not thread-safe; one decoder per segment.
 */
public final class RansDecoder {
    private static final int LOW = RansEncoder.STATE_LOW;

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;
    private int x0;
    private int x1;
    private long symbols;

    /** Decodes the whole array as one stream. */
    public RansDecoder(byte[] stream) throws LciFormatException {
        this(stream, 0, stream.length);
    }

    /** Decodes {@code stream[off, off + len)} as one stream. */
    public RansDecoder(byte[] stream, int off, int len) throws LciFormatException {
        if (off < 0 || len < 0 || off > stream.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of " + stream.length);
        }
        if (len < 8) {
            throw new LciFormatException("rANS stream: expected at least 8 bytes (two 32-bit states), found " + len);
        }
        this.buf = stream;
        this.start = off;
        this.end = off + len;
        this.x0 = readState(off);
        this.x1 = readState(off + 4);
        this.pos = off + 8;
        if (Integer.compareUnsigned(x0, LOW) < 0 || Integer.compareUnsigned(x1, LOW) < 0) {
            throw new LciFormatException("rANS stream: expected initial states >= 65536, found "
                    + Integer.toUnsignedString(x0) + " and " + Integer.toUnsignedString(x1));
        }
    }

    private int readState(int at) {
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8 | (buf[at + 2] & 0xFF) << 16 | (buf[at + 3] & 0xFF) << 24;
    }

    /** Number of symbols decoded so far. */
    public long symbolCount() {
        return symbols;
    }

    /** Decodes one value coded with {@code table}. */
    public int decode(CdfTable table) throws LciFormatException {
        boolean second = (symbols & 1) != 0;
        int x = second ? x1 : x0;
        int slot = x & 0xFFFF;
        int s = table.symbolForSlot(slot);
        int[] cdf = table.cdf;
        x = (cdf[s + 1] - cdf[s]) * (x >>> 16) + slot - cdf[s];
        if ((x >>> 16) == 0) {
            x = (x << 16) | readWord();
        }
        if (second) {
            x1 = x;
        } else {
            x0 = x;
        }
        int value = s == table.escape ? bypass(second, table) : s + table.offset;
        symbols++;
        return value;
    }

    /** Decodes {@code count} values all coded with {@code table} into {@code out[off..]}. */
    public void decode(CdfTable table, int[] out, int off, int count) throws LciFormatException {
        for (int i = 0; i < count; i++) {
            out[off + i] = decode(table);
        }
    }

    /**
     * Decodes {@code count} values into {@code out[off..]}; value {@code i} was coded with
     * {@code tables[tableIndex[tableOff + i]]}. This is the fast path: two symbols per iteration,
     * one on each state, so the two dependency chains overlap in the CPU.
     */
    public void decode(CdfTable[] tables, int[] tableIndex, int tableOff, int[] out, int off, int count)
            throws LciFormatException {
        int i = 0;
        if ((symbols & 1) != 0 && count > 0) {
            out[off] = decode(tables[tableIndex[tableOff]]);
            i = 1;
        }
        final byte[] b = buf;
        final int e = end - 1;
        int p = pos;
        int a = x0;
        int c = x1;
        final int first = i;
        for (; i + 1 < count; i += 2) {
            CdfTable t = tables[tableIndex[tableOff + i]];
            int[] cdf = t.cdf;
            int slot = a & 0xFFFF;
            int s = t.lookup[slot >>> t.shift];
            while (cdf[s + 1] <= slot) {
                s++;
            }
            int lo = cdf[s];
            a = (cdf[s + 1] - lo) * (a >>> 16) + slot - lo;
            if ((a >>> 16) == 0) {
                if (p >= e) {
                    throw exhausted(p);
                }
                a = (a << 16) | (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
                p += 2;
            }
            if (s == t.escape) {
                x0 = a;
                pos = p;
                out[off + i] = bypass(false, t);
                a = x0;
                p = pos;
            } else {
                out[off + i] = s + t.offset;
            }

            CdfTable u = tables[tableIndex[tableOff + i + 1]];
            int[] cdf1 = u.cdf;
            int slot1 = c & 0xFFFF;
            int s1 = u.lookup[slot1 >>> u.shift];
            while (cdf1[s1 + 1] <= slot1) {
                s1++;
            }
            int lo1 = cdf1[s1];
            c = (cdf1[s1 + 1] - lo1) * (c >>> 16) + slot1 - lo1;
            if ((c >>> 16) == 0) {
                if (p >= e) {
                    throw exhausted(p);
                }
                c = (c << 16) | (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
                p += 2;
            }
            if (s1 == u.escape) {
                x1 = c;
                pos = p;
                out[off + i + 1] = bypass(true, u);
                c = x1;
                p = pos;
            } else {
                out[off + i + 1] = s1 + u.offset;
            }
        }
        x0 = a;
        x1 = c;
        pos = p;
        symbols += i - first;
        for (; i < count; i++) {
            out[off + i] = decode(tables[tableIndex[tableOff + i]]);
        }
    }

    /**
     * Checks that the stream is exhausted and both states are back at their initial value, as
     * they must be after the last symbol of an undamaged stream.
     */
    public void finish() throws LciFormatException {
        if (pos != end) {
            throw new LciFormatException("rANS stream: expected end of stream after " + symbols + " symbols, found "
                    + (end - pos) + " unread bytes");
        }
        if (x0 != LOW || x1 != LOW) {
            throw new LciFormatException("rANS stream: expected final states 65536 after " + symbols + " symbols, found "
                    + Integer.toUnsignedString(x0) + " and " + Integer.toUnsignedString(x1) + " (damaged stream or wrong tables)");
        }
    }

    /** Reads the bypass steps after an escape symbol, on the same state. */
    private int bypass(boolean second, CdfTable table) throws LciFormatException {
        int length = raw(second, RansEncoder.LENGTH_BITS);
        long value = 0;
        if (length > 0) {
            value = 1L << (length - 1);
            int shift = 0;
            int remaining = length - 1;
            while (remaining > 0) {
                int n = Math.min(16, remaining);
                value |= (long) raw(second, n) << shift;
                shift += n;
                remaining -= n;
            }
        }
        long index = (value & 1) != 0 ? -((value + 1) >>> 1) : table.escape + (value >>> 1);
        long result = table.offset + index;
        if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
            throw new LciFormatException("rANS stream: escaped value " + result + " outside the 32-bit range at symbol "
                    + symbols);
        }
        return (int) result;
    }

    /** One bypass step of {@code bits} raw bits (1..16). */
    private int raw(boolean second, int bits) throws LciFormatException {
        int x = second ? x1 : x0;
        int shift = 16 - bits;
        int slot = x & 0xFFFF;
        int r = slot >>> shift;
        x = (1 << shift) * (x >>> 16) + slot - (r << shift);
        if ((x >>> 16) == 0) {
            x = (x << 16) | readWord();
        }
        if (second) {
            x1 = x;
        } else {
            x0 = x;
        }
        return r;
    }

    private int readWord() throws LciFormatException {
        if (pos >= end - 1) {
            throw exhausted(pos);
        }
        int w = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return w;
    }

    private LciFormatException exhausted(int p) {
        return new LciFormatException("rANS stream: expected another 16-bit word at stream byte " + (p - start)
                + " (symbol " + symbols + "), found end of stream (" + (end - start) + " bytes)");
    }
}
