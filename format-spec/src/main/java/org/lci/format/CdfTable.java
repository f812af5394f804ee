package org.lci.format;

import java.util.Arrays;

/**
 * One integer CDF table of the entropy coder (SPEC.md, "Tables"). {@code cdf} has n + 2 entries
 * for n in-range symbols plus the escape symbol (last index n): {@code cdf[0] = 0},
 * {@code cdf[n + 1] = 65536}, strictly increasing. Value v maps to symbol index {@code v - offset}.
 * Immutable and thread-safe.
 */
public final class CdfTable {
    /** CDF precision in bits: every table sums to 2^16. */
    public static final int PRECISION_BITS = 16;
    /** Sum of all frequencies of a table. */
    public static final int TOTAL = 1 << PRECISION_BITS;

    /** Most bits of a slot used for the symbol lookup; the scan after it is short. */
    static final int MAX_LOOKUP_BITS = 12;

    final int[] cdf;
    final int offset;
    final int escape;
    /**
     * For each {@code slot >>> shift}: the symbol index whose range holds the first such slot.
     * 2^8 .. 2^12 entries, about 4 per symbol: small tables keep small lookups, so those of all
     * tables stay in cache (measured: 8..12 adaptive beats a fixed 2^12 by ~20%), and large tables
     * still scan at most a few symbols.
     */
    final char[] lookup;
    final int shift;

    private CdfTable(int[] cdf, int offset) {
        this.cdf = cdf;
        this.offset = offset;
        this.escape = cdf.length - 2;
        int bits = Math.max(8, Math.min(MAX_LOOKUP_BITS, 34 - Integer.numberOfLeadingZeros(cdf.length)));
        this.shift = PRECISION_BITS - bits;
        this.lookup = new char[1 << bits];
        int s = 0;
        for (int i = 0; i < lookup.length; i++) {
            int slot = i << shift;
            while (cdf[s + 1] <= slot) {
                s++;
            }
            lookup[i] = (char) s;
        }
    }

    /**
     * Validates and wraps a table (the array is copied).
     *
     * @throws LciFormatException if the CDF has fewer than 3 entries (one in-range symbol plus
     *     escape), does not start at 0, does not end at 65536, or is not strictly increasing
     */
    public static CdfTable of(int[] cdf, int offset) throws LciFormatException {
        if (cdf == null || cdf.length < 3 || cdf.length > TOTAL + 1) {
            throw new LciFormatException("CDF table: expected 3.." + (TOTAL + 1) + " entries (n in-range symbols + escape + 1), found "
                    + (cdf == null ? "none" : String.valueOf(cdf.length)));
        }
        if (cdf[0] != 0 || cdf[cdf.length - 1] != TOTAL) {
            throw new LciFormatException("CDF table: expected cdf[0] = 0 and cdf[last] = " + TOTAL + ", found "
                    + cdf[0] + " and " + cdf[cdf.length - 1]);
        }
        for (int i = 1; i < cdf.length; i++) {
            if (cdf[i] <= cdf[i - 1]) {
                throw new LciFormatException("CDF table: expected strictly increasing entries (every frequency >= 1), found cdf["
                        + (i - 1) + "] = " + cdf[i - 1] + ", cdf[" + i + "] = " + cdf[i]);
            }
        }
        long max = (long) offset + cdf.length - 3;
        if (max > Integer.MAX_VALUE) {
            throw new LciFormatException("CDF table: offset " + offset + " puts in-range values beyond the int range");
        }
        return new CdfTable(cdf.clone(), offset);
    }

    /** Value of symbol index 0. */
    public int offset() {
        return offset;
    }

    /** Number n of in-range symbols (the escape symbol not counted). */
    public int symbolCount() {
        return escape;
    }

    /** Smallest value coded without escape. */
    public int minValue() {
        return offset;
    }

    /** Largest value coded without escape. */
    public int maxValue() {
        return offset + escape - 1;
    }

    /**
     * Frequency (out of {@link #TOTAL}) of the symbol that codes value {@code v}: its own in
     * {@code [minValue, maxValue]}, the escape symbol's outside (an escaped value then costs its escape bits
     * too). An encoder's rate estimate: {@code -log2(frequency / TOTAL)} bits, a lower bound for escapes.
     */
    public int frequency(int v) {
        int s = v < offset || v > offset + escape - 1 ? escape : v - offset;
        return cdf[s + 1] - cdf[s];
    }

    /** A copy of the n + 2 CDF entries. */
    public int[] cdf() {
        return cdf.clone();
    }

    /** Symbol index whose interval [cdf[s], cdf[s+1]) holds {@code slot} (0 <= slot < 65536). */
    int symbolForSlot(int slot) {
        int s = lookup[slot >>> shift];
        while (cdf[s + 1] <= slot) {
            s++;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CdfTable t && t.offset == offset && Arrays.equals(t.cdf, cdf);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cdf) + offset;
    }

    @Override
    public String toString() {
        return "CdfTable[offset=" + offset + ", symbols=" + escape + "+escape]";
    }
}
