package org.lci.runtime.entropy;

/**
 * Pack format 1: every latent's mean and scale come from z alone through the float32 {@link HyperSynthesis}
 * (strict IEEE order, docs/ARCHITECTURE.md); the scale index by comparison with the {@link ScaleTable}.
 */
public final class HyperpriorParameters implements ParameterModel {

    private final int m;
    private final int nz;
    private final float[] zMedians;
    private final HyperSynthesis hyperSynthesis;
    private final ScaleTable scales;

    public HyperpriorParameters(int m, float[] zMedians, HyperSynthesis hyperSynthesis, ScaleTable scales) {
        if (hyperSynthesis.outChannels() != 2 * m || hyperSynthesis.inChannels() != zMedians.length) {
            throw new IllegalArgumentException("hyperprior: expected hyper-synthesis " + zMedians.length + " → " + 2 * m
                    + ", found " + hyperSynthesis.inChannels() + " → " + hyperSynthesis.outChannels());
        }
        this.m = m;
        this.nz = zMedians.length;
        this.zMedians = zMedians.clone();
        this.hyperSynthesis = hyperSynthesis;
        this.scales = scales;
    }

    @Override
    public int hyperChannels() {
        return nz;
    }

    @Override
    public int latentChannels() {
        return m;
    }

    @Override
    public Tile start(int[] zSymbols, int h, int w, int channels, LayerThreads threads) {
        int zh = h / 4;
        int zw = w / 4;
        if (zSymbols.length != nz * zh * zw || hyperSynthesis.outSize(zh) != h || hyperSynthesis.outSize(zw) != w) {
            throw new IllegalArgumentException("entropy model: latent " + h + "x" + w + " does not match hyper-latent of "
                    + zSymbols.length + " symbols");
        }
        float[] zHat = new float[zSymbols.length];
        int zPlane = zh * zw;
        for (int c = 0; c < nz; c++) {
            float med = zMedians[c];
            for (int i = c * zPlane; i < (c + 1) * zPlane; i++) {
                zHat[i] = zSymbols[i] + med;
            }
        }
        int plane = h * w;
        // one pass for the channels this tile needs: a lower tier computes only its own channels, packed as
        // channels means, then channels scales
        int[] wanted = new int[2 * channels];
        for (int c = 0; c < channels; c++) {
            wanted[c] = c;
            wanted[channels + c] = m + c;
        }
        float[] raw = hyperSynthesis.applyChannels(zHat, zh, zw, wanted, threads);
        return new Tile() {
            @Override
            public Group group(int g, int from, int to, int[] ySymbols) {
                if (to > channels) {
                    throw new IllegalArgumentException("entropy model: channels up to " + to + " asked, tile started for "
                            + channels);
                }
                float[] mu = java.util.Arrays.copyOfRange(raw, from * plane, to * plane);
                int[] idx = new int[mu.length];
                int base = (channels + from) * plane;
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = scales.index(raw[base + i]);
                }
                return new Group(mu, idx);
            }
        };
    }
}
