package org.lci.runtime;

import java.util.List;

/**
 * Debug view of the entropy-decoded latents of one file (see {@link LciCodec#inspectLatents}). Everything
 * here comes from the deterministic Java path, so it must be bit-identical on every machine, thread count
 * and ONNX Runtime setting.
 *
 * @param symbolDigest SHA-256 (hex) of every decoded symbol as little-endian int32: for each decoded tile in
 *                     raster order, its z symbols (CHW order) then its y symbols of the decoded groups (CHW)
 * @param latentDigest SHA-256 (hex) of the float32 bits (little-endian) of every {@code y_hat} value, same order
 * @param tiles        per-tile latents, in raster order of the decoded tiles
 */
public record LatentReport(String symbolDigest, String latentDigest, List<TileLatents> tiles) {

    public LatentReport {
        tiles = List.copyOf(tiles);
    }

    /**
     * Latents of one tile.
     *
     * @param column    tile column
     * @param row       tile row
     * @param channels  latent channels decoded (the tier's groups)
     * @param height    latent height (coded tile height / 16)
     * @param width     latent width (coded tile width / 16)
     * @param zSymbols  hyper-latent symbols, CHW
     * @param ySymbols  latent symbols, CHW
     * @param yHat      dequantised latents {@code sym + mu}, CHW (before the inverse gain)
     */
    public record TileLatents(int column, int row, int channels, int height, int width, int[] zSymbols,
                              int[] ySymbols, float[] yHat) { }
}
