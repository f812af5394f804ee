package org.lci.server;

/**
 * What one image request may ask for. {@code maxWidth}, {@code maxHeight} and {@code maxArea} are the IIIF
 * limits advertised in {@code info.json} (output pixels); {@code maxDecodeArea} bounds the tier pixels one
 * request decodes (the heap one request holds), which matters when a small output is asked of a huge region
 * beyond the coarsest tier.
 */
public record ServerLimits(int maxWidth, int maxHeight, long maxArea, long maxDecodeArea) {
    /** 8192 pixels per side, 16 Mpx out, 64 Mpx decoded (about 256 MB of heap for the largest request). */
    public static final ServerLimits DEFAULT = new ServerLimits(8192, 8192, 16L << 20, 64L << 20);

    public ServerLimits {
        if (maxWidth < 1 || maxHeight < 1 || maxArea < 1 || maxDecodeArea < 1) {
            throw new IllegalArgumentException("server limits: expected positive values, found " + maxWidth + ", "
                    + maxHeight + ", " + maxArea + ", " + maxDecodeArea);
        }
    }
}
