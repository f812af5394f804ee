package org.lci.runtime.entropy;

/**
 * Where the means and Gaussian-table indexes of the latents come from, once a tile's z symbols are known.
 * Implementations are immutable and thread-safe; a {@link Tile} is used by one thread for one tile.
 */
public interface ParameterModel {

    /** Hyper-latent channels Nz the model reads. */
    int hyperChannels();

    /** Latent channels M. */
    int latentChannels();

    /**
     * Starts one tile whose latent is {@code h × w} from its z symbols {@code [Nz, h/4, w/4]}; only the first
     * {@code channels} latent channels will be asked for (a lower tier needs fewer). {@code threads} may split
     * the tile's work; the result does not depend on it.
     */
    Tile start(int[] zSymbols, int h, int w, int channels, LayerThreads threads);

    /** The parameters of one tile, group by group in bitstream order. */
    interface Tile {
        /**
         * Means and table indexes of the channels {@code [from, to)} of group g, as {@code [to-from, h, w]}.
         * {@code ySymbols} ({@code [C, h, w]}, C ≥ from) holds the decoded symbols of every earlier group;
         * groups must be asked for in order.
         */
        Group group(int g, int from, int to, int[] ySymbols);
    }

    /** {@code mu} is exact: the coded value of symbol s is {@code s + mu}. */
    record Group(float[] mu, int[] index) { }
}
