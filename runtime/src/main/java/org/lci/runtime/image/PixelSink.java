package org.lci.runtime.image;

/**
 * Where a decode writes 8-bit pixels, one row span at a time, in sink coordinates (the decoded rectangle's
 * top-left corner is 0,0). Spans are clipped to the destination. RGB spans hold 3 samples per pixel.
 */
public interface PixelSink {

    /** Writes {@code width} pixels whose samples start at {@code rgb[3 * from]}. */
    void writeRgb(int x, int y, int width, int[] rgb, int from);

    /** Writes alpha; ignored when the destination has none. */
    void writeAlpha(int x, int y, int width, int[] alpha);
}
