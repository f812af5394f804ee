package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ScaleTableTest {

    private static final float[] TABLE = {0.11f, 0.2f, 0.5f, 1f, 3f, 9f, 256f};

    /** The normative definition: count of j in [0, S-1) with s > table[j]. */
    private static int count(float s) {
        int n = 0;
        for (int j = 0; j < TABLE.length - 1; j++) {
            if (s > TABLE[j]) {
                n++;
            }
        }
        return n;
    }

    @Test
    void indexIsTheNormativeCount() {
        ScaleTable t = new ScaleTable(TABLE);
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            float s = (float) Math.exp(r.nextGaussian() * 3);
            assertThat(t.index(s)).isEqualTo(count(s));
        }
        for (float s : new float[] {0.11f, 0.2f, 256f, 1e9f, -1f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Math.nextUp(0.11f), Math.nextDown(9f)}) {
            assertThat(t.index(s)).as("s=%s", s).isEqualTo(count(s));
        }
    }

    /** Every table length (the search pads to a power of two) counts as the definition does. */
    @Test
    void everyTableLengthCounts() {
        Random r = new Random(2);
        for (int len = 1; len <= 70; len++) {
            float[] table = new float[len];
            for (int j = 0; j < len; j++) {
                table[j] = 0.11f * (float) Math.pow(1.3, j);
            }
            ScaleTable t = new ScaleTable(table);
            for (int i = 0; i < 500; i++) {
                float s = i < len ? table[i] : (float) (0.11 * Math.pow(1.3, r.nextDouble() * (len + 2) - 1));
                int n = 0;
                for (int j = 0; j < len - 1; j++) {
                    n += s > table[j] ? 1 : 0;
                }
                assertThat(t.index(s)).as("length %d, s=%s", len, s).isEqualTo(n);
            }
        }
    }

    @Test
    void tableMustIncrease() {
        assertThatThrownBy(() -> new ScaleTable(new float[] {1f, 1f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
    }
}
