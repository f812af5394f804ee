package org.lci.runtime.entropy;

import java.util.List;

/**
 * One exact integer layer of a channel-conditional pack's entropy-parameter path (SPEC.md 8.1): one or two
 * parts, each an int32 accumulator of a convolution of int32 inputs by int8 weights (part 0 also holds the int32
 * bias), requantized per output channel as {@code clamp((Σ_p acc_p * mult_p[oc] + 2^(shift-1)) >> shift, min, max)}
 * in 64-bit arithmetic (one shift per layer, 1..62). Integer sums are associative, so the order of the loops
 * below is free; the pack guarantees that no accumulator leaves the int32 range for inputs inside their clamps.
 *
 * <p>Each part is a conv2d (kernel 1 or 3, stride 1, zero padding kernel/2, output h × w) or a conv_transpose2d
 * (kernel 4, stride 2, padding 1, output 2h × 2w). All parts of a layer have the same kind of output. The inner
 * loops run over a whole zero-bordered plane at a fixed offset per tap, which C2 vectorises.
 */
public final class IntLayer {

    /**
     * One input of the layer: its weights, PyTorch layout (conv {@code [out,in,k,k]}, transpose {@code [in,out,k,k]}),
     * and its requantization multiplier per output channel.
     */
    public record Part(boolean transpose, int in, int kernel, int[] weight, int[] mult) { }

    private static final int BORDER = 1;

    private final List<Part> parts;
    private final boolean transpose;
    private final int out;
    private final int[] bias;
    private final int min;
    private final int max;
    private final int shift;
    /** Per part, per output channel: weights as [in][k*k], zero taps kept (sparse skipping is done per tap). */
    private final int[][][] taps;

    public IntLayer(List<Part> parts, int out, int[] bias, int shift, int min, int max) {
        if (shift < 1 || shift > 62) {
            throw new IllegalArgumentException("integer layer: shift " + shift + " outside 1..62");
        }
        this.shift = shift;
        if (parts.isEmpty() || parts.size() > 2 || out <= 0 || bias.length != out || min > max) {
            throw new IllegalArgumentException("integer layer: expected one or two parts, " + out
                    + " biases and min <= max");
        }
        boolean t = parts.get(0).transpose();
        for (Part p : parts) {
            if (p.transpose() != t) {
                throw new IllegalArgumentException("integer layer: parts mix conv2d and conv_transpose2d");
            }
            if (p.transpose() ? p.kernel() != 4 : p.kernel() != 1 && p.kernel() != 3) {
                throw new IllegalArgumentException("integer layer: kernel " + p.kernel() + " not supported for "
                        + (p.transpose() ? "conv_transpose2d (4)" : "conv2d (1 or 3)"));
            }
            if (p.in() <= 0 || p.weight().length != (long) p.in() * out * p.kernel() * p.kernel()) {
                throw new IllegalArgumentException("integer layer: expected " + (long) p.in() * out * p.kernel() * p.kernel()
                        + " weights, found " + p.weight().length);
            }
            for (int v : p.weight()) {
                if (v < -127 || v > 127) {
                    throw new IllegalArgumentException("integer layer: weight " + v + " outside -127..127");
                }
            }
            if (p.mult().length != out) {
                throw new IllegalArgumentException("integer layer: expected " + out + " multipliers per part, found "
                        + p.mult().length);
            }
            for (int m : p.mult()) {
                if (m < 0) {
                    throw new IllegalArgumentException("integer layer: negative multiplier " + m);
                }
            }
        }
        this.parts = List.copyOf(parts);
        this.transpose = t;
        this.out = out;
        this.bias = bias.clone();
        this.min = min;
        this.max = max;
        this.taps = new int[parts.size()][][];
        for (int pi = 0; pi < parts.size(); pi++) {
            Part p = parts.get(pi);
            int kk = p.kernel() * p.kernel();
            int[][] byOut = new int[out][p.in() * kk];
            for (int oc = 0; oc < out; oc++) {
                for (int ic = 0; ic < p.in(); ic++) {
                    for (int k = 0; k < kk; k++) {
                        int src = p.transpose() ? (ic * out + oc) * kk + k : (oc * p.in() + ic) * kk + k;
                        byOut[oc][ic * kk + k] = p.weight()[src];
                    }
                }
            }
            taps[pi] = byOut;
        }
    }

    public int outChannels() {
        return out;
    }

    public int inChannels(int part) {
        return parts.get(part).in();
    }

    /** Multiply-adds of the whole layer for an {@code h × w} input (decides whether to split it over threads). */
    public long work(int h, int w) {
        long macs = 0;
        for (Part p : parts) {
            macs += (long) p.in() * p.kernel() * p.kernel();
        }
        return macs * out * h * w;
    }

    public int partCount() {
        return parts.size();
    }

    /** Output channels [from, to) of the layer for inputs {@code [in_p, h, w]} (CHW), as {@code [to-from, oh, ow]}. */
    public int[] apply(int[][] inputs, int h, int w, int from, int to) {
        if (from < 0 || to > out || from > to) {
            throw new IllegalArgumentException("integer layer: channels [" + from + ", " + to + ") not within 0.." + out);
        }
        int[][] padded = padAll(inputs, h, w);
        int[] y = new int[(to - from) * outPlane(h, w)];
        channels(padded, h, w, from, to, y, 0);
        return y;
    }

    /**
     * All output channels, split into contiguous slices over {@code threads}: the inputs are padded once and
     * shared, each slice writes its own channels (integer sums: the split cannot change a value).
     */
    public int[] apply(int[][] inputs, int h, int w, LayerThreads threads) {
        int[][] padded = padAll(inputs, h, w);
        int plane = outPlane(h, w);
        int[] y = new int[out * plane];
        int slices = Math.min(threads.threads(), out);
        threads.forEach(slices, work(h, w), s -> {
            int from = out * s / slices;
            channels(padded, h, w, from, out * (s + 1) / slices, y, from * plane);
        });
        return y;
    }

    private int outPlane(int h, int w) {
        return transpose ? 4 * h * w : h * w;
    }

    private int[][] padAll(int[][] inputs, int h, int w) {
        if (inputs.length != parts.size()) {
            throw new IllegalArgumentException("integer layer: expected " + parts.size() + " inputs, found " + inputs.length);
        }
        int[][] padded = new int[parts.size()][];
        for (int pi = 0; pi < parts.size(); pi++) {
            int in = parts.get(pi).in();
            if (inputs[pi].length != (long) in * h * w) {
                throw new IllegalArgumentException("integer layer: input " + pi + " has " + inputs[pi].length
                        + " values, expected [" + in + "," + h + "," + w + "]");
            }
            padded[pi] = pad(inputs[pi], in, h, w);
        }
        return padded;
    }

    /** Output channels [from, to) into {@code y} from {@code base} on, one accumulator set per call. */
    private void channels(int[][] padded, int h, int w, int from, int to, int[] y, int base) {
        int pw = w + 2 * BORDER;
        int ph = h + 2 * BORDER;
        int ow = transpose ? 2 * w : w;
        int plane = outPlane(h, w);
        int span = h * pw - 2 * BORDER;        // covers every valid position of a zero-bordered plane
        int phases = transpose ? 4 : 1;
        int[][] acc = new int[parts.size()][h * pw];
        for (int oc = from; oc < to; oc++) {
            for (int phase = 0; phase < phases; phase++) {
                for (int pi = 0; pi < parts.size(); pi++) {
                    java.util.Arrays.fill(acc[pi], 0);
                    accumulate(pi, oc, phase, padded[pi], ph * pw, pw, span, acc[pi]);
                }
                store(acc, pw, h, w, oc, phase, y, base + (oc - from) * plane, ow);
            }
        }
    }

    private void accumulate(int pi, int oc, int phase, int[] x, int plane, int pw, int span, int[] acc) {
        Part p = parts.get(pi);
        int k = p.kernel();
        int kk = k * k;
        int in = p.in();
        int[] wt = taps[pi][oc];
        for (int ky = 0; ky < k; ky++) {
            int dy = offset(p, ky, phase >> 1);
            if (dy == Integer.MIN_VALUE) {
                continue;
            }
            for (int kx = 0; kx < k; kx++) {
                int dx = offset(p, kx, phase & 1);
                if (dx == Integer.MIN_VALUE) {
                    continue;
                }
                int tap = ky * k + kx;
                int shift = (dy + BORDER) * pw + dx + BORDER;
                int ic = 0;
                // four input channels per pass over the accumulator: a quarter of its loads and stores
                for (; ic + 4 <= in; ic += 4) {
                    int w0 = wt[ic * kk + tap];
                    int w1 = wt[(ic + 1) * kk + tap];
                    int w2 = wt[(ic + 2) * kk + tap];
                    int w3 = wt[(ic + 3) * kk + tap];
                    if ((w0 | w1 | w2 | w3) == 0) {
                        continue;
                    }
                    int s0 = ic * plane + shift;
                    int s1 = s0 + plane;
                    int s2 = s1 + plane;
                    int s3 = s2 + plane;
                    for (int j = 0; j < span; j++) {
                        acc[j] += w0 * x[s0 + j] + w1 * x[s1 + j] + w2 * x[s2 + j] + w3 * x[s3 + j];
                    }
                }
                for (; ic < in; ic++) {
                    int wv = wt[ic * kk + tap];
                    if (wv == 0) {
                        continue;
                    }
                    int src = ic * plane + shift;
                    for (int j = 0; j < span; j++) {
                        acc[j] += wv * x[src + j];
                    }
                }
            }
        }
    }

    /**
     * Input offset (in input pixels) that tap k reads for an output of this parity, or MIN_VALUE when the tap
     * does not feed that parity. conv2d: k - kernel/2. conv_transpose2d (k4 s2 p1): output 2t + parity reads input
     * t + (parity + 1 - k) / 2 when parity + 1 - k is even.
     */
    private static int offset(Part p, int k, int parity) {
        if (!p.transpose()) {
            return k - p.kernel() / 2;
        }
        int n = parity + 1 - k;
        return (n & 1) != 0 ? Integer.MIN_VALUE : n >> 1;
    }

    private void store(int[][] acc, int pw, int h, int w, int oc, int phase, int[] y, int base, int ow) {
        long m0 = parts.get(0).mult()[oc];
        long m1 = parts.size() > 1 ? parts.get(1).mult()[oc] : 0;
        int[] a0 = acc[0];
        int[] a1 = parts.size() > 1 ? acc[1] : null;
        int b = bias[oc];
        long round = 1L << (shift - 1);
        int step = transpose ? 2 : 1;
        int py = phase >> 1;
        int px = phase & 1;
        for (int t = 0; t < h; t++) {
            int row = base + (t * step + (transpose ? py : 0)) * ow + (transpose ? px : 0);
            for (int u = 0; u < w; u++) {
                int j = t * pw + u;
                long sum = (long) (a0[j] + b) * m0 + round;
                if (a1 != null) {
                    sum += (long) a1[j] * m1;
                }
                long v = sum >> shift;
                y[row + u * step] = (int) Math.max(min, Math.min(max, v));
            }
        }
    }

    private static int[] pad(int[] x, int channels, int h, int w) {
        int pw = w + 2 * BORDER;
        int ph = h + 2 * BORDER;
        int[] p = new int[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, (c * h + r) * w, p, (c * ph + r + BORDER) * pw + BORDER, w);
            }
        }
        return p;
    }
}
