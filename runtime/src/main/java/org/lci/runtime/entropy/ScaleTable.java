package org.lci.runtime.entropy;

/**
 * Scale → Gaussian table index: {@code idx = count of j in [0, S-1) with s > scale_table[j]} (float32
 * compare). The table is strictly increasing, so the count is found by binary search; NaN counts 0.
 */
public final class ScaleTable {

    private final float[] table;
    /**
     * The counted entries table[0..S-2], padded with +∞ to a power of two larger than S-1: the search below then
     * takes the same fixed steps for every scale, without data-dependent branches (the JIT emits conditional moves;
     * the binary search it replaces mispredicted about half its branches).
     */
    private final float[] padded;

    public ScaleTable(float[] table) {
        if (table.length == 0) {
            throw new IllegalArgumentException("scale table: expected at least one entry, found none");
        }
        for (int j = 1; j < table.length; j++) {
            if (!(table[j] > table[j - 1])) {
                throw new IllegalArgumentException("scale table: expected strictly increasing values, found "
                        + table[j - 1] + " then " + table[j] + " at index " + j);
            }
        }
        this.table = table.clone();
        int n = Integer.highestOneBit(table.length - 1) * 2;
        this.padded = new float[Math.max(n, 1)];
        java.util.Arrays.fill(padded, Float.POSITIVE_INFINITY);
        System.arraycopy(table, 0, padded, 0, table.length - 1);
    }

    public int size() {
        return table.length;
    }

    /** The table index of scale {@code s}, in 0..S-1: the count of padded entries below s (NaN: none). */
    public int index(float s) {
        int pos = 0;
        for (int step = padded.length >> 1; step > 0; step >>= 1) {
            pos += s > padded[pos + step - 1] ? step : 0;
        }
        return pos + (s > padded[pos] ? 1 : 0);
    }
}
