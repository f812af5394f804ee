package org.lci.format;

/**
 * Resource limits a reader enforces before it allocates anything. Declared sizes are also always
 * checked against the actual length of the source.
 *
 * @param maxWidth largest accepted image width
 * @param maxHeight largest accepted image height
 * @param maxPixels largest accepted width * height
 * @param maxChunkBytes largest chunk the reader loads into memory (index, alpha, metadata)
 */
public record LciLimits(int maxWidth, int maxHeight, long maxPixels, int maxChunkBytes) {
    /**
     * The one default set, for reading and writing alike (the runtime, plugin, CLI and server use it unless told
     * otherwise): 65536 px per side, 500 million pixels (the largest a 4-byte-per-pixel {@code BufferedImage}
     * holds in one Java array; 20000 × 20000 fits), 64 MiB per loaded chunk.
     */
    public static final LciLimits DEFAULT = new LciLimits(1 << 16, 1 << 16, 500_000_000L, 1 << 26);

    public LciLimits {
        if (maxWidth < 1 || maxHeight < 1 || maxPixels < 1 || maxChunkBytes < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxWidth + ", " + maxHeight + ", "
                    + maxPixels + ", " + maxChunkBytes);
        }
    }

    public LciLimits withMaxDimensions(int width, int height) {
        return new LciLimits(width, height, maxPixels, maxChunkBytes);
    }

    public LciLimits withMaxPixels(long pixels) {
        return new LciLimits(maxWidth, maxHeight, pixels, maxChunkBytes);
    }

    public LciLimits withMaxChunkBytes(int bytes) {
        return new LciLimits(maxWidth, maxHeight, maxPixels, bytes);
    }
}
