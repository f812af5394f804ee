package org.lci.runtime.entropy;

/**
 * Scale → Gaussian table index: {@code idx = count of j in [0, S-1) with s > scale_table[j]} (float32
 * compare). The table is strictly increasing, so the count is found by binary search; NaN counts 0.
 */
public final class ScaleTable {

    private final float[] table;

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
    }

    public int size() {
        return table.length;
    }

    /** The table index of scale {@code s}, in 0..S-1. */
    public int index(float s) {
        int lo = 0;
        int hi = table.length - 1; // only j < S-1 are counted
        while (lo < hi) {          // first j in [lo, hi) with !(s > table[j]), else hi
            int mid = (lo + hi) >>> 1;
            if (s > table[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
