package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link IntLayer} against a direct, position-by-position evaluation of the same sums. */
class IntLayerTest {

    private static int[] random(Random r, int n, int bound) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(2 * bound + 1) - bound;
        }
        return a;
    }

    /** PyTorch semantics, one output element at a time. */
    private static long direct(IntLayer.Part p, int[] x, int out, int oc, int oy, int ox, int h, int w) {
        long acc = 0;
        int k = p.kernel();
        for (int ic = 0; ic < p.in(); ic++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int iy;
                    int ix;
                    int wv;
                    if (p.transpose()) {                  // oy = 2 iy - 1 + ky
                        if ((oy + 1 - ky) % 2 != 0 || (ox + 1 - kx) % 2 != 0) {
                            continue;
                        }
                        iy = (oy + 1 - ky) / 2;
                        ix = (ox + 1 - kx) / 2;
                        wv = p.weight()[((ic * out + oc) * k + ky) * k + kx];
                    } else {
                        iy = oy + ky - k / 2;
                        ix = ox + kx - k / 2;
                        wv = p.weight()[((oc * p.in() + ic) * k + ky) * k + kx];
                    }
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                        acc += (long) wv * x[(ic * h + iy) * w + ix];
                    }
                }
            }
        }
        return acc;
    }

    private static int[] mults(Random r, int out) {
        int[] mult = new int[out];
        for (int i = 0; i < out; i++) {
            mult[i] = r.nextInt(1 << 28);
        }
        return mult;
    }

    private static void check(List<IntLayer.Part> parts, int out, int h, int w, long seed) {
        Random r = new Random(seed);
        int[] bias = random(r, out, 5000);
        IntLayer layer = new IntLayer(parts, out, bias, 30, -300, 300);
        int[][] in = new int[parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            in[p] = random(r, parts.get(p).in() * h * w, 255);
        }
        boolean t = parts.get(0).transpose();
        int oh = t ? 2 * h : h;
        int ow = t ? 2 * w : w;
        int[] y = layer.apply(in, h, w, 0, out);
        int[] part = layer.apply(in, h, w, 1, out);
        for (int oc = 0; oc < out; oc++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    long sum = 1L << 29;
                    for (int p = 0; p < parts.size(); p++) {
                        long acc = direct(parts.get(p), in[p], out, oc, oy, ox, h, w) + (p == 0 ? bias[oc] : 0);
                        sum += acc * parts.get(p).mult()[oc];
                    }
                    long v = Math.max(-300, Math.min(300, sum >> 30));
                    int i = (oc * oh + oy) * ow + ox;
                    assertThat(y[i]).as("oc %d at %d,%d", oc, oy, ox).isEqualTo((int) v);
                    if (oc >= 1) {
                        assertThat(part[i - oh * ow]).isEqualTo(y[i]);
                    }
                }
            }
        }
    }

    @Test
    void convolutionsOfSeveralInputsSumIntoOneAccumulator() {
        Random r = new Random(1);
        for (int[] hw : new int[][] {{1, 1}, {3, 5}, {8, 12}}) {
            check(List.of(new IntLayer.Part(false, 4, 1, random(r, 3 * 4, 127), mults(r, 3)),
                    new IntLayer.Part(false, 5, 3, random(r, 3 * 5 * 9, 127), mults(r, 3))), 3, hw[0], hw[1], 2);
        }
    }

    @Test
    void transposedConvolutionDoublesTheGrid() {
        Random r = new Random(3);
        for (int[] hw : new int[][] {{1, 1}, {2, 3}, {4, 4}}) {
            check(List.of(new IntLayer.Part(true, 3, 4, random(r, 3 * 4 * 16, 127), mults(r, 4))), 4, hw[0], hw[1], 4);
        }
    }

    @Test
    void planesLargerThanOneChunkAndChannelsInFoursGiveTheSameSums() {
        Random r = new Random(5);
        check(List.of(new IntLayer.Part(false, 8, 1, random(r, 3 * 8, 127), mults(r, 3)),
                new IntLayer.Part(false, 9, 3, random(r, 3 * 9 * 9, 127), mults(r, 3))), 3, 50, 47, 6);
        check(List.of(new IntLayer.Part(true, 8, 4, random(r, 8 * 2 * 16, 127), mults(r, 2))), 2, 46, 49, 7);
    }

    @Test
    void refusesWeightsOutsideInt8AndMixedKinds() {
        assertThatThrownBy(() -> new IntLayer(List.of(new IntLayer.Part(false, 1, 1, new int[] {128}, new int[1])), 1,
                new int[1], 30, 0, 1)).hasMessageContaining("outside -127..127");
        assertThatThrownBy(() -> new IntLayer(List.of(new IntLayer.Part(false, 1, 1, new int[] {1}, new int[1]),
                new IntLayer.Part(true, 1, 4, new int[16], new int[1])), 1, new int[1], 30, 0, 1))
                .hasMessageContaining("mix");
    }
}
