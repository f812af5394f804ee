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
 * loops run over rows of a zero-bordered plane, copied per input shift so that C2 vectorises them.
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
    /** Per part: the distinct input shifts {dy, dx}, and per shift the (phase, tap) pairs reading it. */
    private final int[][][] shifts;
    private final int[][][] readers;

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
        this.shifts = new int[parts.size()][][];
        this.readers = new int[parts.size()][][];
        for (int pi = 0; pi < parts.size(); pi++) {
            List<int[]> sh = new java.util.ArrayList<>();
            List<int[]> rd = new java.util.ArrayList<>();
            tapsByShift(parts.get(pi), sh, rd);
            shifts[pi] = sh.toArray(new int[0][]);
            readers[pi] = rd.toArray(new int[0][]);
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

    /**
     * Output channels [from, to) into {@code y} from {@code base} on. Positions go in chunks of at most
     * {@link #CHUNK}; within a chunk, for every four input channels and every input shift, the four shifted input
     * rows are copied once into column buffers, then every output channel (and, for a transposed layer, every
     * output phase) that reads them adds its four products. The inner loop then indexes all its arrays alike,
     * which C2 vectorises (with a different offset per array it does not: measured 3 → 20+ GMAC/s).
     */
    private void channels(int[][] padded, int h, int w, int from, int to, int[] y, int base) {
        int pw = w + 2 * BORDER;
        int plane = (h + 2 * BORDER) * pw;
        int span = h * pw - 2 * BORDER;        // covers every valid position of a zero-bordered plane
        int phases = transpose ? 4 : 1;
        int chunk = Math.min(CHUNK, span);
        int[][][][] acc = new int[parts.size()][phases][to - from][chunk];
        int[][] cols = new int[4][chunk];
        for (int c0 = 0; c0 < span; c0 += chunk) {
            int len = Math.min(chunk, span - c0);
            for (int pi = 0; pi < parts.size(); pi++) {
                for (int[][] byPhase : acc[pi]) {
                    for (int[] a : byPhase) {
                        java.util.Arrays.fill(a, 0, len, 0);
                    }
                }
                accumulate(pi, padded[pi], plane, pw, c0, len, from, to, acc[pi], cols);
            }
            store(acc, pw, h, w, from, to, c0, len, y, base);
        }
    }

    /** Positions per chunk: the accumulators of a slice's channels stay in cache while the columns stream by. */
    private static final int CHUNK = 2048;

    private void accumulate(int pi, int[] x, int plane, int pw, int c0, int len, int from, int to, int[][][] acc,
                            int[][] cols) {
        int in = parts.get(pi).in();
        int kk = parts.get(pi).kernel() * parts.get(pi).kernel();
        int[][] wt = taps[pi];
        int[][] shiftsOf = shifts[pi];
        int[][] readersOf = readers[pi];
        for (int s = 0; s < shiftsOf.length; s++) {
            int off = (shiftsOf[s][0] + BORDER) * pw + shiftsOf[s][1] + BORDER + c0;
            int[] rd = readersOf[s];
            int ic = 0;
            for (; ic + 4 <= in; ic += 4) {
                for (int q = 0; q < 4; q++) {
                    System.arraycopy(x, (ic + q) * plane + off, cols[q], 0, len);
                }
                for (int e = 0; e < rd.length; e += 2) {
                    int[][] a = acc[rd[e]];
                    int t0 = ic * kk + rd[e + 1];
                    for (int oc = from; oc < to; oc++) {
                        int[] wo = wt[oc];
                        int w0 = wo[t0];
                        int w1 = wo[t0 + kk];
                        int w2 = wo[t0 + 2 * kk];
                        int w3 = wo[t0 + 3 * kk];
                        if ((w0 | w1 | w2 | w3) != 0) {
                            madd4(a[oc - from], cols[0], cols[1], cols[2], cols[3], w0, w1, w2, w3, len);
                        }
                    }
                }
            }
            for (; ic < in; ic++) {
                System.arraycopy(x, ic * plane + off, cols[0], 0, len);
                for (int e = 0; e < rd.length; e += 2) {
                    int[][] a = acc[rd[e]];
                    int t0 = ic * kk + rd[e + 1];
                    for (int oc = from; oc < to; oc++) {
                        int wv = wt[oc][t0];
                        if (wv != 0) {
                            madd1(a[oc - from], cols[0], wv, len);
                        }
                    }
                }
            }
        }
    }

    /** a[j] += w0 c0[j] + w1 c1[j] + w2 c2[j] + w3 c3[j]: every array at the same index, so it vectorises. */
    private static void madd4(int[] a, int[] c0, int[] c1, int[] c2, int[] c3, int w0, int w1, int w2, int w3,
                              int len) {
        for (int j = 0; j < len; j++) {
            a[j] += w0 * c0[j] + w1 * c1[j] + w2 * c2[j] + w3 * c3[j];
        }
    }

    private static void madd1(int[] a, int[] c, int wv, int len) {
        for (int j = 0; j < len; j++) {
            a[j] += wv * c[j];
        }
    }

    /**
     * The distinct input shifts {dy, dx} of a part, and for each the (output phase, tap) pairs that read it.
     * conv2d: tap (ky, kx) reads (ky - k/2, kx - k/2). conv_transpose2d (k4 s2 p1): output 2t + parity reads
     * input t + (parity + 1 - k) / 2 when parity + 1 - k is even.
     */
    private static void tapsByShift(Part p, List<int[]> shiftList, List<int[]> readerList) {
        int k = p.kernel();
        java.util.Map<Integer, java.util.List<Integer>> byShift = new java.util.TreeMap<>();
        for (int phase = 0; phase < (p.transpose() ? 4 : 1); phase++) {
            for (int ky = 0; ky < k; ky++) {
                int dy = offset(p, ky, phase >> 1);
                for (int kx = 0; kx < k; kx++) {
                    int dx = offset(p, kx, phase & 1);
                    if (dy == Integer.MIN_VALUE || dx == Integer.MIN_VALUE) {
                        continue;
                    }
                    byShift.computeIfAbsent((dy + 8) * 16 + dx + 8, key -> new java.util.ArrayList<>())
                            .addAll(List.of(phase, ky * k + kx));
                }
            }
        }
        byShift.forEach((key, rd) -> {
            shiftList.add(new int[] {key / 16 - 8, key % 16 - 8});
            readerList.add(rd.stream().mapToInt(Integer::intValue).toArray());
        });
    }

    private static int offset(Part p, int k, int parity) {
        if (!p.transpose()) {
            return k - p.kernel() / 2;
        }
        int n = parity + 1 - k;
        return (n & 1) != 0 ? Integer.MIN_VALUE : n >> 1;
    }

    /** Requantizes and clamps the chunk's positions [c0, c0 + len) of every channel and phase into {@code y}. */
    private void store(int[][][][] acc, int pw, int h, int w, int from, int to, int c0, int len, int[] y, int base) {
        int step = transpose ? 2 : 1;
        int ow = w * step;
        int plane = h * step * ow;
        long round = 1L << (shift - 1);
        for (int oc = from; oc < to; oc++) {
            long m0 = parts.get(0).mult()[oc];
            long m1 = parts.size() > 1 ? parts.get(1).mult()[oc] : 0;
            int b = bias[oc];
            for (int phase = 0; phase < acc[0].length; phase++) {
                int[] a0 = acc[0][phase][oc - from];
                int[] a1 = parts.size() > 1 ? acc[1][phase][oc - from] : null;
                int out0 = base + (oc - from) * plane + (phase >> 1) * ow + (phase & 1);
                int t = c0 / pw;
                int u = c0 % pw;
                for (int i = 0; i < len; i++) {
                    if (u < w) {
                        long sum = (long) (a0[i] + b) * m0 + round;
                        if (a1 != null) {
                            sum += (long) a1[i] * m1;
                        }
                        long v = sum >> shift;
                        y[out0 + t * step * ow + u * step] = (int) Math.max(min, Math.min(max, v));
                    }
                    if (++u == pw) {
                        u = 0;
                        t++;
                    }
                }
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
