package org.lci.runtime.entropy;

import java.util.List;

/**
 * The deterministic hyper-synthesis: {@code z_hat [Nz, h/4, w/4]} → {@code [2M, h, w]} (means, then scales),
 * a chain of {@link ConvLayer}s evaluated bit-exactly in Java.
 */
public final class HyperSynthesis {

    private final List<ConvLayer> layers;

    public HyperSynthesis(List<ConvLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("hyper-synthesis: expected at least one layer, found none");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inChannels() != layers.get(i - 1).outChannels()) {
                throw new IllegalArgumentException("hyper-synthesis: layer " + i + " expects "
                        + layers.get(i).inChannels() + " input channels, layer " + (i - 1) + " gives "
                        + layers.get(i - 1).outChannels());
            }
        }
        this.layers = List.copyOf(layers);
    }

    public int inChannels() {
        return layers.get(0).inChannels();
    }

    public int outChannels() {
        return layers.get(layers.size() - 1).outChannels();
    }

    /** Output height (or width) for a hyper-latent of {@code size}. */
    public int outSize(int size) {
        for (ConvLayer l : layers) {
            size = l.outSize(size);
        }
        return size;
    }

    /** Runs every layer on {@code zHat} ({@code [inChannels, h, w]}), on the calling thread. */
    public float[] apply(float[] zHat, int h, int w) {
        int[] all = java.util.stream.IntStream.range(0, outChannels()).toArray();
        return applyChannels(zHat, h, w, all, LayerThreads.NONE);
    }

    /**
     * Runs every layer, the last one for the channels {@code lastChannels} only (ascending), packed in that order;
     * each layer's channels split over {@code threads} (bit-identical for any split).
     */
    public float[] applyChannels(float[] zHat, int h, int w, int[] lastChannels, LayerThreads threads) {
        float[] x = zHat;
        for (int i = 0; i < layers.size() - 1; i++) {
            ConvLayer l = layers.get(i);
            x = l.apply(x, h, w, oc -> true, threads);
            h = l.outSize(h);
            w = l.outSize(w);
        }
        return layers.get(layers.size() - 1).applyChannels(x, h, w, lastChannels, threads);
    }
}
