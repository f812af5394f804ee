package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast loops must give bit-for-bit the sums of the normative order (bias, then ic, ky, kx ascending). */
class ConvLayerTest {

    @Test
    void convMatchesTheNormativeOrderBitForBit() {
        for (int[] g : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 2, 2}, {1, 1, 0}, {4, 2, 1}}) {
            check(false, g[0], g[1], g[2], 0, 7, 9);
        }
    }

    @Test
    void convTransposeMatchesTheNormativeOrderBitForBit() {
        for (int[] g : new int[][] {{4, 2, 1, 0}, {5, 2, 2, 1}, {3, 1, 1, 0}, {3, 2, 1, 1}}) {
            check(true, g[0], g[1], g[2], g[3], 5, 6);
        }
    }

    @Test
    void onlyTheNeededChannelsAreComputed() {
        Random r = new Random(3);
        ConvLayer l = new ConvLayer(false, 2, 4, 3, 1, 1, 0, true, randoms(r, 72), randoms(r, 4));
        float[] x = randoms(r, 2 * 5 * 5);
        float[] all = l.apply(x, 5, 5);
        float[] some = l.apply(x, 5, 5, oc -> oc == 2);
        for (int i = 0; i < 25; i++) {
            assertThat(some[2 * 25 + i]).isEqualTo(all[2 * 25 + i]);
            assertThat(some[i]).isZero();
        }
    }

    /** Rows split over threads (the codec's LayerThreads) give the same bits as one thread. */
    @org.junit.jupiter.api.Test
    void splittingRowsOverThreadsChangesNoBit() {
        Random r = new Random(5);
        ConvLayer layer = new ConvLayer(true, 6, 8, 4, 2, 1, 0, true, randoms(r, 6 * 8 * 16), randoms(r, 8));
        float[] x = randoms(r, 6 * 7 * 9);
        float[] one = layer.apply(x, 7, 9);
        for (int n : new int[] {2, 3, 4}) {
            try (LayerThreads t = new LayerThreads(n, 0)) {
                float[] split = layer.apply(x, 7, 9, oc -> true, t);
                for (int i = 0; i < one.length; i++) {
                    org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(split[i]))
                            .isEqualTo(Float.floatToRawIntBits(one[i]));
                }
            }
        }
    }

    /** Planes larger than one chunk of positions, and input channels that do not come in fours. */
    @Test
    void largePlanesAndOddChannelCountsKeepTheOrder() {
        check(false, 3, 1, 1, 0, 41, 37, 9, false);
        check(true, 4, 2, 1, 0, 35, 34, 6, false);
    }

    private static void check(boolean transpose, int k, int stride, int pad, int outPad, int h, int w) {
        check(transpose, k, stride, pad, outPad, h, w, 3, true);
    }

    private static void check(boolean transpose, int k, int stride, int pad, int outPad, int h, int w, int in,
                              boolean relu) {
        Random r = new Random(k * 31 + stride * 7 + pad);
        int out = 4;
        float[] weight = randoms(r, in * out * k * k);
        float[] bias = randoms(r, out);
        float[] x = randoms(r, in * h * w);
        ConvLayer layer = new ConvLayer(transpose, in, out, k, stride, pad, outPad, relu, weight, bias);
        int oh = layer.outSize(h);
        int ow = layer.outSize(w);
        float[] fast = layer.apply(x, h, w);
        for (int oc = 0; oc < out; oc++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float acc = bias[oc];
                    for (int ic = 0; ic < in; ic++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy;
                                int ix;
                                float wv;
                                if (transpose) {
                                    int ny = oy + pad - ky;
                                    int nx = ox + pad - kx;
                                    if (ny % stride != 0 || nx % stride != 0) {
                                        continue;
                                    }
                                    iy = ny / stride;
                                    ix = nx / stride;
                                    wv = weight[((ic * out + oc) * k + ky) * k + kx];
                                } else {
                                    iy = oy * stride - pad + ky;
                                    ix = ox * stride - pad + kx;
                                    wv = weight[((oc * in + ic) * k + ky) * k + kx];
                                }
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                acc = acc + wv * x[(ic * h + iy) * w + ix];
                            }
                        }
                    }
                    float expected = relu ? Math.max(acc, 0f) : acc;
                    assertThat(Float.floatToRawIntBits(fast[(oc * oh + oy) * ow + ox]))
                            .as("%s k=%d s=%d p=%d at %d,%d,%d", transpose ? "convT" : "conv", k, stride, pad, oc, oy, ox)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    private static float[] randoms(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
