package org.lci.runtime.entropy;

import java.util.List;

/**
 * Pack format 2 ("channel-conditional-int8", SPEC.md "Integer entropy-parameter path"): integer hyper features
 * from z, then for each channel group a head of {@link IntLayer}s that reads the features and the coded values of
 * every earlier group and gives the group's means (units of 2^-meanBits) and Gaussian-table indexes. Exact on any
 * machine: integers only.
 */
public final class ChannelConditionalParameters implements ParameterModel {

    /** One group's head: first (features [+ context]), hidden, then the mean and the scale-index outputs. */
    public record Head(IntLayer first, IntLayer hidden, IntLayer mean, IntLayer scale) { }

    /** The path's constants (SPEC.md). */
    public record Constants(int meanBits, int contextShift, int contextLimit, int zScale, int zLimit) { }

    private final int[] groupStart;
    private final int[] zMedians16;
    private final List<IntLayer> hyper;
    private final List<Head> heads;
    private final Constants k;

    public ChannelConditionalParameters(int[] groups, int[] zMedians16, List<IntLayer> hyper, List<Head> heads,
                                        Constants constants) {
        this.groupStart = new int[groups.length + 1];
        for (int g = 0; g < groups.length; g++) {
            groupStart[g + 1] = groupStart[g] + groups[g];
        }
        if (heads.size() != groups.length || hyper.isEmpty()) {
            throw new IllegalArgumentException("channel-conditional path: expected " + groups.length
                    + " heads and at least one hyper layer, found " + heads.size() + " and " + hyper.size());
        }
        if (hyper.get(0).inChannels(0) != zMedians16.length) {
            throw new IllegalArgumentException("channel-conditional path: first hyper layer reads "
                    + hyper.get(0).inChannels(0) + " channels, Nz = " + zMedians16.length);
        }
        for (int i = 1; i < hyper.size(); i++) {
            if (hyper.get(i).inChannels(0) != hyper.get(i - 1).outChannels()) {
                throw new IllegalArgumentException("channel-conditional path: hyper layer " + i + " reads "
                        + hyper.get(i).inChannels(0) + " channels, layer " + (i - 1) + " gives " + hyper.get(i - 1).outChannels());
            }
        }
        int features = hyper.get(hyper.size() - 1).outChannels();
        for (int g = 0; g < heads.size(); g++) {
            Head hd = heads.get(g);
            int size = groups[g];
            boolean ok = hd.first().inChannels(0) == features
                    && hd.first().partCount() == (g == 0 ? 1 : 2)
                    && (g == 0 || hd.first().inChannels(1) == groupStart[g])
                    && hd.hidden().inChannels(0) == hd.first().outChannels()
                    && hd.mean().inChannels(0) == hd.hidden().outChannels()
                    && hd.scale().inChannels(0) == hd.hidden().outChannels()
                    && hd.mean().outChannels() == size && hd.scale().outChannels() == size;
            if (!ok) {
                throw new IllegalArgumentException("channel-conditional path: head " + g + " does not fit " + features
                        + " features, " + groupStart[g] + " earlier channels and a group of " + size);
            }
        }
        this.zMedians16 = zMedians16.clone();
        this.hyper = List.copyOf(hyper);
        this.heads = List.copyOf(heads);
        this.k = constants;
    }

    @Override
    public int hyperChannels() {
        return zMedians16.length;
    }

    @Override
    public int latentChannels() {
        return groupStart[groupStart.length - 1];
    }

    @Override
    public Tile start(int[] zSymbols, int h, int w, int channels, LayerThreads threads) {
        int nz = zMedians16.length;
        int zh = h / 4;
        int zw = w / 4;
        if (h % 4 != 0 || w % 4 != 0 || zSymbols.length != nz * zh * zw) {
            throw new IllegalArgumentException("entropy model: latent " + h + "x" + w + " does not match hyper-latent of "
                    + zSymbols.length + " symbols");
        }
        int zPlane = zh * zw;
        int[] x = new int[zSymbols.length];
        for (int c = 0; c < nz; c++) {
            for (int i = c * zPlane; i < (c + 1) * zPlane; i++) {
                long v = (long) k.zScale() * zSymbols[i] + zMedians16[c];
                x[i] = (int) Math.max(-k.zLimit(), Math.min(k.zLimit() - 1, v));
            }
        }
        int fh = zh;
        int fw = zw;
        for (IntLayer layer : hyper) {
            x = layer.apply(new int[][] {x}, fh, fw, threads);
            fh *= 2;
            fw *= 2;
        }
        if (fh != h || fw != w) {
            throw new IllegalArgumentException("entropy model: hyper features are " + fh + "x" + fw + ", latent " + h + "x" + w);
        }
        return new CcTile(x, h, w, channels, threads);
    }

    private final class CcTile implements Tile {
        private final int[] features;
        private final int h;
        private final int w;
        private final int[] muUnits;
        private final LayerThreads threads;
        private int nextGroup;

        CcTile(int[] features, int h, int w, int channels, LayerThreads threads) {
            this.features = features;
            this.threads = threads;
            this.h = h;
            this.w = w;
            this.muUnits = new int[channels * h * w];
        }

        @Override
        public Group group(int g, int from, int to, int[] ySymbols) {
            if (g != nextGroup || from != groupStart[g] || to != groupStart[g + 1] || to * h * w > muUnits.length) {
                throw new IllegalArgumentException("entropy model: group " + g + " [" + from + ", " + to
                        + ") asked out of order or beyond the tile's channels");
            }
            int plane = h * w;
            Head head = heads.get(g);
            int[][] firstIn;
            if (g == 0) {
                firstIn = new int[][] {features};
            } else {
                int[] context = new int[from * plane];
                long round = 1L << (k.contextShift() - 1);
                for (int i = 0; i < context.length; i++) {
                    long units = ((long) ySymbols[i] << k.meanBits()) + muUnits[i];   // the coded value, exact
                    long v = (units + round) >> k.contextShift();
                    context[i] = (int) Math.max(-k.contextLimit(), Math.min(k.contextLimit() - 1, v));
                }
                firstIn = new int[][] {features, context};
            }
            int[] h1 = head.first().apply(firstIn, h, w, threads);
            int[] h2 = head.hidden().apply(new int[][] {h1}, h, w, threads);
            int[] mu = head.mean().apply(new int[][] {h2}, h, w, threads);
            int[] idx = head.scale().apply(new int[][] {h2}, h, w, threads);
            System.arraycopy(mu, 0, muUnits, from * plane, mu.length);
            float[] muf = new float[mu.length];
            float unit = 1f / (1 << k.meanBits());
            for (int i = 0; i < mu.length; i++) {
                muf[i] = mu[i] * unit;                 // exact: |mu| <= 2^20, a power-of-two unit
            }
            nextGroup++;
            return new Group(muf, idx);
        }
    }
}
