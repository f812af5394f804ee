package org.lci.format;

import java.util.Arrays;

/**
 * Encoder of one LCI-rANS stream (SPEC.md, "Entropy coder"): two interleaved 32-bit rANS states,
 * 16-bit CDF precision, 16-bit renormalisation, escape + bypass coding for out-of-range values.
 * rANS codes last-in first-out, so symbols are buffered and coded backwards by {@link #finish()}.
 * Not thread-safe; one encoder per segment.
 */
public final class RansEncoder {
    /** Lower bound of a normalised state; also the initial and final state. */
    static final int STATE_LOW = 1 << 16;
    /** Bits of the bypass length prefix. */
    static final int LENGTH_BITS = 5;
    /** Largest bypass value (zig-zag mapped escape distance) the format allows. */
    static final long MAX_BYPASS = (1L << 31) - 1;

    /** One rANS step each: start (bits 0-15), freq (bits 16-32), state (bit 40). */
    private long[] steps = new long[1024];
    private int stepCount;
    private int symbolCount;
    private boolean finished;

    /** Codes one value with {@code table}; values outside the table's range are escaped. */
    public void encode(int value, CdfTable table) {
        if (finished) {
            throw new IllegalStateException("encoder already finished");
        }
        long state = (long) (symbolCount & 1) << 40;
        long index = (long) value - table.offset;
        int[] cdf = table.cdf;
        if (index >= 0 && index < table.escape) {
            int i = (int) index;
            addStep(state, cdf[i], cdf[i + 1] - cdf[i]);
        } else {
            long bypass = index < 0 ? -2 * index - 1 : 2 * (index - table.escape);
            if (bypass > MAX_BYPASS) {
                throw new IllegalArgumentException("value " + value + " is too far outside table range ["
                        + table.minValue() + ", " + table.maxValue() + "]: escape distance limit is 2^30");
            }
            int e = table.escape;
            addStep(state, cdf[e], cdf[e + 1] - cdf[e]);
            int length = 64 - Long.numberOfLeadingZeros(bypass);
            addRaw(state, length, LENGTH_BITS);
            int remaining = length - 1;
            long bits = bypass;
            while (remaining > 0) {
                int n = Math.min(16, remaining);
                addRaw(state, (int) (bits & ((1 << n) - 1)), n);
                bits >>>= n;
                remaining -= n;
            }
        }
        symbolCount++;
    }

    /** Codes {@code count} values all with the same table. */
    public void encode(int[] values, int off, int count, CdfTable table) {
        for (int i = 0; i < count; i++) {
            encode(values[off + i], table);
        }
    }

    /**
     * Codes {@code count} values; value {@code i} uses {@code tables[tableIndex[tableOff + i]]}.
     */
    public void encode(int[] values, int off, int count, CdfTable[] tables, int[] tableIndex, int tableOff) {
        for (int i = 0; i < count; i++) {
            encode(values[off + i], tables[tableIndex[tableOff + i]]);
        }
    }

    /** Number of symbols coded so far. */
    public int symbolCount() {
        return symbolCount;
    }

    /** Runs the coder backwards over the buffered symbols and returns the stream bytes. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("encoder already finished");
        }
        finished = true;
        long[] x = {STATE_LOW, STATE_LOW};
        char[] words = new char[Math.max(16, stepCount / 2)];
        int wordCount = 0;
        for (int j = stepCount - 1; j >= 0; j--) {
            long step = steps[j];
            int s = (int) (step >>> 40);
            long freq = (step >>> 16) & 0x1FFFF;
            long start = step & 0xFFFF;
            long v = x[s];
            if (v >= freq << 16) {
                if (wordCount == words.length) {
                    words = Arrays.copyOf(words, words.length * 2);
                }
                words[wordCount++] = (char) v;
                v >>>= 16;
            }
            x[s] = ((v / freq) << 16) + (v % freq) + start;
        }
        byte[] out = new byte[8 + 2 * wordCount];
        putState(out, 0, x[0]);
        putState(out, 4, x[1]);
        int p = 8;
        for (int w = wordCount - 1; w >= 0; w--) {
            out[p++] = (byte) words[w];
            out[p++] = (byte) (words[w] >>> 8);
        }
        steps = null;
        return out;
    }

    private static void putState(byte[] out, int at, long v) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private void addRaw(long state, int value, int bits) {
        int shift = 16 - bits;
        addStep(state, value << shift, 1 << shift);
    }

    private void addStep(long state, int start, int freq) {
        if (stepCount == steps.length) {
            steps = Arrays.copyOf(steps, steps.length * 2);
        }
        steps[stepCount++] = state | ((long) freq << 16) | start;
    }
}
