package org.lci.format;

/**
 * Resource limits a reader enforces before it allocates anything. Declared sizes are also always
 * checked against the actual length of the source.
 *
 * @param maxWidth largest accepted image width
 * @param maxHeight largest accepted image height
 * @param maxPixels largest accepted width * height
 * @param maxChunkBytes largest chunk the reader loads into memory (index, alpha, metadata)
 * @param maxTilePixels largest padded tile (width × height, the overlap included) a decoder runs the model on:
 *                      the model's activations grow with it (about 0.5 GB per million pixels on the CPU)
 */
public record LciLimits(int maxWidth, int maxHeight, long maxPixels, int maxChunkBytes, long maxTilePixels) {
    /**
     * The one default set, for reading and writing alike (the runtime, plugin, CLI and server use it unless told
     * otherwise): 65536 px per side, 500 million pixels (the largest a 4-byte-per-pixel {@code BufferedImage}
     * holds in one Java array; 20000 × 20000 fits), 64 MiB per loaded chunk, padded tiles up to 2304 × 2304 (tile
     * size 2048 with overlap 128; about 2.5 GB of model activations; a 4096 tile would need about 8 GB).
     */
    public static final LciLimits DEFAULT = new LciLimits(1 << 16, 1 << 16, 500_000_000L, 1 << 26, 2304L * 2304);

    public LciLimits {
        if (maxWidth < 1 || maxHeight < 1 || maxPixels < 1 || maxChunkBytes < 0 || maxTilePixels < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxWidth + ", " + maxHeight + ", "
                    + maxPixels + ", " + maxChunkBytes + ", " + maxTilePixels);
        }
    }

    public LciLimits withMaxDimensions(int width, int height) {
        return new LciLimits(width, height, maxPixels, maxChunkBytes, maxTilePixels);
    }

    public LciLimits withMaxPixels(long pixels) {
        return new LciLimits(maxWidth, maxHeight, pixels, maxChunkBytes, maxTilePixels);
    }

    public LciLimits withMaxChunkBytes(int bytes) {
        return new LciLimits(maxWidth, maxHeight, maxPixels, bytes, maxTilePixels);
    }

    public LciLimits withMaxTilePixels(long pixels) {
        return new LciLimits(maxWidth, maxHeight, maxPixels, maxChunkBytes, pixels);
    }

    /** The largest padded tile of {@code grid}, in pixels (an interior tile, or the whole image when smaller). */
    public static long largestTilePixels(TileGrid grid) {
        int w = 0;
        for (int c = 0; c < grid.columns(); c++) {
            w = Math.max(w, grid.paddedWidth(grid.tile(c, 0)));
        }
        int h = 0;
        for (int r = 0; r < grid.rows(); r++) {
            h = Math.max(h, grid.paddedHeight(grid.tile(0, r)));
        }
        return (long) w * h;
    }

    /** Null when {@code grid}'s tiles are within {@link #maxTilePixels}, else what is wrong, for the caller's error. */
    public String checkTiles(TileGrid grid) {
        long largest = largestTilePixels(grid);
        return largest <= maxTilePixels ? null : "tile grid T = " + grid.tileSize() + ", O = " + grid.overlap()
                + ": its largest padded tile has " + largest + " pixels, over the limit of " + maxTilePixels
                + " (the model's memory grows with the tile; raise LciLimits.maxTilePixels, or use a smaller tile size)";
    }
}
