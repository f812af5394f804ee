package org.lci.runtime.image;

import org.lci.format.ChannelLayout;
import org.lci.format.Rect;

/** Where an encode reads its pixels from, one rectangle (a tile) at a time, as 8-bit samples. */
public interface PixelSource {

    int width();

    int height();

    /** RGB, GRAY (coded as RGB with gray replicated) or RGBA (gray + alpha is RGBA with gray replicated). */
    ChannelLayout layout();

    /**
     * Reads the rectangle {@code r} (image coordinates) as interleaved 8-bit RGB into {@code rgb}
     * ({@code 3 * r.width * r.height} entries, row-major) and, when {@code alpha} is not null and the source has
     * alpha, its alpha into {@code alpha} ({@code r.width * r.height}).
     */
    void read(Rect r, byte[] rgb, byte[] alpha);
}
