package org.lci.runtime.entropy;

import java.util.function.IntPredicate;

/**
 * One conv2d or conv_transpose2d layer of the hyper-synthesis, evaluated in strict float32 in the order
 * docs/ARCHITECTURE.md fixes: for every output element {@code acc = bias[oc]}, then for ic, ky, kx ascending
 * {@code acc = acc + w * x}, skipping taps outside the input. Each output position walks its taps in exactly
 * that order; the innermost loop runs over output channels (independent sums), so the JIT may vectorise it
 * without reordering any sum (Java never fuses into FMA).
 */
public final class ConvLayer {

    private final boolean transpose;
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final boolean relu;
    /**
     * Weights as one row per tap (ic, ky, kx) holding every oc: the inner loop reads a row at the same index
     * it writes the accumulator, which lets C2 vectorise it (an offset into a shared array would not).
     */
    private final float[][] taps;
    private final float[] bias;

    /**
     * @param weight PyTorch layout: conv {@code [out,in,k,k]}, conv-transpose {@code [in,out,k,k]}
     */
    public ConvLayer(boolean transpose, int in, int out, int kernel, int stride, int padding, int outputPadding,
                     boolean relu, float[] weight, float[] bias) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || outputPadding < 0
                || outputPadding > 0 && (outputPadding >= stride || !transpose)) {
            throw new IllegalArgumentException("conv layer: bad geometry in=" + in + " out=" + out + " kernel=" + kernel
                    + " stride=" + stride + " padding=" + padding + " output_padding=" + outputPadding);
        }
        if (weight.length != (long) in * out * kernel * kernel || bias.length != out) {
            throw new IllegalArgumentException("conv layer: expected " + (long) in * out * kernel * kernel
                    + " weights and " + out + " biases, found " + weight.length + " and " + bias.length);
        }
        this.transpose = transpose;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.relu = relu;
        this.bias = bias.clone();
        int kk = kernel * kernel;
        this.taps = new float[in * kk][out];
        for (int oc = 0; oc < out; oc++) {
            for (int ic = 0; ic < in; ic++) {
                for (int t = 0; t < kk; t++) {
                    int src = transpose ? (ic * out + oc) * kk + t : (oc * in + ic) * kk + t;
                    taps[ic * kk + t][oc] = weight[src];
                }
            }
        }
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    /** Output height (or width) for an input of {@code size}. */
    public int outSize(int size) {
        return transpose ? (size - 1) * stride - 2 * padding + kernel + outputPadding
                : Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
    }

    /** Applies the layer to {@code x} ({@code [in, h, w]} CHW) and returns {@code [out, outSize(h), outSize(w)]}. */
    public float[] apply(float[] x, int h, int w) {
        return apply(x, h, w, oc -> true, LayerThreads.NONE);
    }

    /**
     * As {@link #apply(float[], int, int)}, computing only the output channels {@code needed} accepts (the
     * others stay 0): a lower tier needs the entropy parameters of its own channels only.
     */
    public float[] apply(float[] x, int h, int w, IntPredicate needed) {
        return apply(x, h, w, needed, LayerThreads.NONE);
    }

    /**
     * As {@link #apply(float[], int, int, IntPredicate)}, rows split over {@code threads} (the codec's, bounded by
     * its options; each output element's sum keeps its order, so the split cannot change a bit).
     */
    public float[] apply(float[] x, int h, int w, IntPredicate needed, LayerThreads threads) {
        int oh = outSize(h);
        int ow = outSize(w);
        if (x.length != (long) in * h * w || oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("conv layer: input of " + x.length + " values does not match ["
                    + in + "," + h + "," + w + "]");
        }
        int[] runs = runs(needed);
        float[] y = new float[out * oh * ow];
        long work = (long) out * in * kernel * kernel * oh * ow / (transpose ? (long) stride * stride : 1);
        threads.forEach(oh, work, oy -> row(x, h, w, y, oy, oh, ow, runs));
        return y;
    }

    /** Output positions coded together: they share every weight load. */
    private static final int BLOCK = 4;

    /**
     * Output row oy, every column, the channels in {@code runs} ([from, to) pairs). Columns go in blocks of
     * {@link #BLOCK} positions {@code step} apart (a transposed conv's positions of equal phase share their
     * valid taps); each position still adds its taps in (ic, ky, kx) order.
     */
    private void row(float[] x, int h, int w, float[] y, int oy, int oh, int ow, int[] runs) {
        float[][] acc = new float[BLOCK][out];
        int[] ix = new int[BLOCK];
        float[] xv = new float[BLOCK];
        int kk = kernel * kernel;
        int plane = oh * ow;
        int step = transpose ? stride : 1;
        for (int phase = 0; phase < step; phase++) {
            for (int first = phase; first < ow; first += BLOCK * step) {
                int n = Math.min(BLOCK, (ow - 1 - first) / step + 1);
                for (int b = 0; b < n; b++) {
                    System.arraycopy(bias, 0, acc[b], 0, out);
                }
                for (int ic = 0; ic < in; ic++) {
                    int xPlane = ic * h * w;
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = inputIndex(oy, ky);
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int xRow = xPlane + iy * w;
                        for (int kx = 0; kx < kernel; kx++) {
                            int valid = 0;
                            for (int b = 0; b < n; b++) {
                                ix[b] = inputIndex(first + b * step, kx);
                                if (ix[b] >= 0 && ix[b] < w) {
                                    xv[b] = x[xRow + ix[b]];
                                    valid++;
                                }
                            }
                            float[] tap = taps[ic * kk + ky * kernel + kx];
                            for (int r = 0; r < runs.length; r += 2) {
                                if (valid == BLOCK) {
                                    madd4(acc, tap, xv, runs[r], runs[r + 1]);
                                } else {
                                    for (int b = 0; b < n; b++) {
                                        if (ix[b] >= 0 && ix[b] < w) {
                                            madd(acc[b], tap, xv[b], runs[r], runs[r + 1]);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for (int b = 0; b < n; b++) {
                    int o = oy * ow + first + b * step;
                    for (int r = 0; r < runs.length; r += 2) {
                        for (int oc = runs[r]; oc < runs[r + 1]; oc++) {
                            float v = acc[b][oc];
                            y[oc * plane + o] = relu ? Math.max(v, 0f) : v;
                        }
                    }
                }
            }
        }
    }

    /** acc[oc] = acc[oc] + tap[oc] * xv for oc in [from, to): independent sums. */
    private static void madd(float[] acc, float[] tap, float xv, int from, int to) {
        for (int oc = from; oc < to; oc++) {
            acc[oc] = acc[oc] + tap[oc] * xv;
        }
    }

    /** {@link #madd} for four positions at once, reading each weight once. */
    private static void madd4(float[][] acc, float[] tap, float[] xv, int from, int to) {
        float x0 = xv[0];
        float x1 = xv[1];
        float x2 = xv[2];
        float x3 = xv[3];
        float[] a0 = acc[0];
        float[] a1 = acc[1];
        float[] a2 = acc[2];
        float[] a3 = acc[3];
        for (int oc = from; oc < to; oc++) {
            float t = tap[oc];
            a0[oc] = a0[oc] + t * x0;
            a1[oc] = a1[oc] + t * x1;
            a2[oc] = a2[oc] + t * x2;
            a3[oc] = a3[oc] + t * x3;
        }
    }

    /** The input coordinate that tap k feeds into output coordinate o, or -1 when there is none. */
    private int inputIndex(int o, int k) {
        if (!transpose) {
            return o * stride - padding + k;
        }
        int n = o + padding - k;
        return n < 0 || n % stride != 0 ? -1 : n / stride;
    }

    /** Maximal runs [from, to) of needed output channels. */
    private int[] runs(IntPredicate needed) {
        int[] r = new int[out + 1];
        int n = 0;
        for (int oc = 0; oc < out; oc++) {
            if (needed.test(oc) && (oc == 0 || !needed.test(oc - 1))) {
                r[n++] = oc;
            }
            if (needed.test(oc) && (oc == out - 1 || !needed.test(oc + 1))) {
                r[n++] = oc + 1;
            }
        }
        return java.util.Arrays.copyOf(r, n);
    }
}
