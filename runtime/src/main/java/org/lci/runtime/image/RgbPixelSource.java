package org.lci.runtime.image;

import java.awt.image.BufferedImage;

import org.lci.format.ChannelLayout;
import org.lci.format.Rect;

/** Pixels of any BufferedImage through {@code getRGB} (sRGB, non-premultiplied), one tile at a time. */
final class RgbPixelSource implements PixelSource {

    private final BufferedImage image;
    private final boolean alpha;

    RgbPixelSource(BufferedImage image) {
        this.image = image;
        this.alpha = image.getColorModel().hasAlpha();
    }

    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public ChannelLayout layout() {
        return alpha ? ChannelLayout.RGBA : ChannelLayout.RGB;
    }

    @Override
    public void read(Rect r, byte[] rgb, byte[] a) {
        int[] row = new int[r.width()];
        for (int y = 0; y < r.height(); y++) {
            image.getRGB(r.x(), r.y() + y, r.width(), 1, row, 0, r.width());
            int o = y * r.width();
            for (int x = 0; x < r.width(); x++) {
                int argb = row[x];
                int p = 3 * (o + x);
                rgb[p] = (byte) (argb >>> 16);
                rgb[p + 1] = (byte) (argb >>> 8);
                rgb[p + 2] = (byte) argb;
                if (a != null && alpha) {
                    a[o + x] = (byte) (argb >>> 24);
                }
            }
        }
    }
}
