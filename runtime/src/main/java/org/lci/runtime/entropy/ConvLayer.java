package org.lci.runtime.entropy;

import java.util.function.IntPredicate;

/**
 * One conv2d or conv_transpose2d layer of the hyper-synthesis, evaluated in strict float32 in the order
 * docs/ARCHITECTURE.md fixes: for every output element {@code acc = bias[oc]}, then for ic, ky, kx ascending
 * {@code acc = acc + w * x}, skipping taps outside the input. Each output position walks its taps in exactly
 * that order; the innermost loop runs over output positions (independent sums), so the JIT vectorises it
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
        for (float v : weight) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("conv layer: non-finite weight " + v);
            }
        }
        for (float v : bias) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("conv layer: non-finite bias " + v);
            }
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
     * As {@link #apply(float[], int, int, IntPredicate)}, the needed channels split over {@code threads} (the
     * codec's, bounded by its options; each output element's sum keeps its order, so the split cannot change a bit).
     */
    public float[] apply(float[] x, int h, int w, IntPredicate needed, LayerThreads threads) {
        int[] ocs = java.util.stream.IntStream.range(0, out).filter(needed).toArray();
        float[] some = applyChannels(x, h, w, ocs, threads);
        if (ocs.length == out) {
            return some;
        }
        int plane = outSize(h) * outSize(w);
        float[] y = new float[out * plane];
        for (int k = 0; k < ocs.length; k++) {
            System.arraycopy(some, k * plane, y, ocs[k] * plane, plane);
        }
        return y;
    }

    /**
     * The output channels {@code ocs} (ascending, distinct) only, packed: {@code [ocs.length, outSize(h), outSize(w)]}.
     * A lower tier's entropy parameters need a third of the last layer's channels; this spares allocating the rest.
     */
    public float[] applyChannels(float[] x, int h, int w, int[] ocs, LayerThreads threads) {
        int oh = outSize(h);
        int ow = outSize(w);
        if (x.length != (long) in * h * w || oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("conv layer: input of " + x.length + " values does not match ["
                    + in + "," + h + "," + w + "]");
        }
        for (int k = 0; k < ocs.length; k++) {
            if (ocs[k] < 0 || ocs[k] >= out || k > 0 && ocs[k] <= ocs[k - 1]) {
                throw new IllegalArgumentException("conv layer: output channels must ascend within 0.." + (out - 1));
            }
        }
        float[] y = new float[ocs.length * oh * ow];
        long work = (long) ocs.length * in * kernel * kernel * oh * ow / (transpose ? (long) stride * stride : 1);
        int slices = Math.max(1, Math.min(threads.threads(), ocs.length));
        threads.forEach(slices, work, s -> {
            int from = ocs.length * s / slices;
            int[] mine = java.util.Arrays.copyOfRange(ocs, from, ocs.length * (s + 1) / slices);
            Scratch scratch = new Scratch(mine.length, Math.min(CHUNK, phaseRows(oh) * phaseRows(ow)));
            for (int phase = 0; phase < phases(); phase++) {
                phase(x, h, w, y, oh, ow, phase, mine, from, scratch);
            }
        });
        return y;
    }

    /** Output positions per chunk: the chunk's accumulators of every channel stay in cache. */
    private static final int CHUNK = 1024;

    /** A slice's working arrays, shared by its phases and chunks: accumulators, columns, output coordinates. */
    private record Scratch(float[][] acc, float[][] cols, int[] oy, int[] ox) {
        Scratch(int channels, int chunk) {
            this(new float[channels][chunk], new float[4][chunk], new int[chunk], new int[chunk]);
        }
    }

    /** The most output rows (or columns) of {@code size} that one phase holds. */
    private int phaseRows(int size) {
        int step = transpose ? stride : 1;
        return (size + step - 1) / step;
    }

    /** Output position classes with the same valid taps: stride² for a transposed conv, one for a conv. */
    private int phases() {
        return transpose ? stride * stride : 1;
    }

    /**
     * The output positions of one phase (for a transposed conv, those with oy ≡ py, ox ≡ px mod stride; for a conv,
     * all), channels {@code ocs}, written to the
     * planes of y from {@code firstPlane} on. The phase's (ic, ky, kx) taps in normative order are taken four at a time: their
     * input values at every position of a chunk are gathered into four columns (0 outside the input), then each
     * channel adds the four products in that order, {@code a = (((a + w0 c0) + w1 c1) + w2 c2) + w3 c3}: the order
     * of every output element's sum is the normative one, and the loop over positions, whose arrays all share one
     * index, vectorises. A tap outside the input adds {@code w · 0 = ±0}, which leaves every sum unchanged (the
     * weights are finite) but the sign of an exact zero, which no entropy parameter depends on.
     */
    private void phase(float[] x, int h, int w, float[] y, int oh, int ow, int phase, int[] ocs, int firstPlane,
                       Scratch scratch) {
        int py = transpose ? phase / stride : 0;
        int px = transpose ? phase % stride : 0;
        int step = transpose ? stride : 1;
        int ny = oh > py ? (oh - py + step - 1) / step : 0;
        int nx = ow > px ? (ow - px + step - 1) / step : 0;
        int[] tapList = validTaps(py, px);
        int count = ny * nx;
        if (count == 0 || ocs.length == 0) {
            return;
        }
        int chunk = Math.min(CHUNK, count);
        float[][] acc = scratch.acc();
        float[][] cols = scratch.cols();
        int[] oy = scratch.oy();
        int[] ox = scratch.ox();
        int kk = kernel * kernel;
        int entries = in * tapList.length;
        int plane = oh * ow;
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int len = Math.min(chunk, count - c0);
            for (int i = 0; i < len; i++) {
                oy[i] = py + (c0 + i) / nx * step;
                ox[i] = px + (c0 + i) % nx * step;
            }
            for (int k = 0; k < ocs.length; k++) {
                java.util.Arrays.fill(acc[k], 0, len, bias[ocs[k]]);
            }
            int e = 0;
            for (; e + 4 <= entries; e += 4) {
                for (int q = 0; q < 4; q++) {
                    gather(x, h, w, (e + q) / tapList.length, tapList[(e + q) % tapList.length], py, px, nx, c0, len,
                            cols[q]);
                }
                float[] t0 = taps[entry(e, tapList, kk)];
                float[] t1 = taps[entry(e + 1, tapList, kk)];
                float[] t2 = taps[entry(e + 2, tapList, kk)];
                float[] t3 = taps[entry(e + 3, tapList, kk)];
                for (int k = 0; k < ocs.length; k++) {
                    int oc = ocs[k];
                    madd4(acc[k], cols[0], cols[1], cols[2], cols[3], t0[oc], t1[oc], t2[oc], t3[oc], len);
                }
            }
            for (; e < entries; e++) {
                gather(x, h, w, e / tapList.length, tapList[e % tapList.length], py, px, nx, c0, len, cols[0]);
                float[] t = taps[entry(e, tapList, kk)];
                for (int k = 0; k < ocs.length; k++) {
                    madd1(acc[k], cols[0], t[ocs[k]], len);
                }
            }
            for (int k = 0; k < ocs.length; k++) {
                float[] a = acc[k];
                int base = (firstPlane + k) * plane;
                for (int i = 0; i < len; i++) {
                    y[base + oy[i] * ow + ox[i]] = relu ? Math.max(a[i], 0f) : a[i];
                }
            }
        }
    }

    /** Row of {@link #taps} of the phase's entry e (entries run over ic, then the phase's taps ascending). */
    private static int entry(int e, int[] tapList, int kk) {
        return e / tapList.length * kk + tapList[e % tapList.length];
    }

    /** The taps ky * kernel + kx, ascending, that feed the outputs of phase (py, px). */
    private int[] validTaps(int py, int px) {
        int[] t = new int[kernel * kernel];
        int n = 0;
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                if (!transpose || Math.floorMod(py + padding - ky, stride) == 0
                        && Math.floorMod(px + padding - kx, stride) == 0) {
                    t[n++] = ky * kernel + kx;
                }
            }
        }
        return java.util.Arrays.copyOf(t, n);
    }

    /**
     * Input channel ic at tap {@code tap} for the chunk's positions [c0, c0 + len) of the phase grid (row-major,
     * {@code nx} wide), 0 where the tap falls outside the input. Position (t, u) of phase (py, px) reads input
     * (t·s + dy, u·s + dx): for a conv s = stride and dy = ky − padding; for a transposed conv s = 1 and
     * dy = (py + padding − ky) / stride, exact for the phase's valid taps.
     */
    private void gather(float[] x, int h, int w, int ic, int tap, int py, int px, int nx, int c0, int len,
                        float[] col) {
        int ky = tap / kernel;
        int kx = tap % kernel;
        int s = transpose ? 1 : stride;
        int dy = transpose ? Math.floorDiv(py + padding - ky, stride) : ky - padding;
        int dx = transpose ? Math.floorDiv(px + padding - kx, stride) : kx - padding;
        int uLo = Math.min(nx, Math.max(0, -Math.floorDiv(dx, s)));        // first u with u·s + dx >= 0
        int uHi = Math.max(uLo, Math.min(nx, Math.floorDiv(w - 1 - dx, s) + 1));
        int xPlane = ic * h * w;
        for (int i = 0, p = c0; i < len; ) {
            int t = p / nx;
            int u = p % nx;
            int n = Math.min(len - i, nx - u);
            int iy = t * s + dy;
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(col, i, i + n, 0f);
            } else {
                int row = xPlane + iy * w + dx;
                int a = Math.min(Math.max(uLo, u), u + n);     // [u, a) before the input, [a, b) inside, [b, u + n) after
                int b = Math.max(a, Math.min(uHi, u + n));
                java.util.Arrays.fill(col, i, i + a - u, 0f);
                if (s == 1) {
                    System.arraycopy(x, row + a, col, i + a - u, b - a);
                } else {
                    for (int v = a; v < b; v++) {
                        col[i + v - u] = x[row + v * s];
                    }
                }
                java.util.Arrays.fill(col, i + b - u, i + n, 0f);
            }
            i += n;
            p += n;
        }
    }

    /** a[i] = (((a[i] + w0 c0[i]) + w1 c1[i]) + w2 c2[i]) + w3 c3[i]: four taps in order, every array at index i. */
    private static void madd4(float[] a, float[] c0, float[] c1, float[] c2, float[] c3, float w0, float w1, float w2,
                              float w3, int len) {
        for (int i = 0; i < len; i++) {
            a[i] = a[i] + w0 * c0[i] + w1 * c1[i] + w2 * c2[i] + w3 * c3[i];
        }
    }

    private static void madd1(float[] a, float[] c, float wv, int len) {
        for (int i = 0; i < len; i++) {
            a[i] = a[i] + wv * c[i];
        }
    }
}
