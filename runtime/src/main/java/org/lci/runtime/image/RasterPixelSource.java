package org.lci.runtime.image;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;

import org.lci.format.ChannelLayout;
import org.lci.format.Rect;

/**
 * Pixels straight from a raster's samples: 1 band = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA. A sample of
 * n bits becomes {@code round(v * 255 / (2^n - 1))} (16-bit: {@code round(v / 257)}). Reads one row at a time,
 * never copying the whole raster.
 */
final class RasterPixelSource implements PixelSource {

    private final Raster raster;
    private final int bands;
    private final long[] max;

    RasterPixelSource(Raster raster) {
        this.raster = raster;
        this.bands = raster.getNumBands();
        if (bands < 1 || bands > 4) {
            throw new IllegalArgumentException("raster: expected 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) bands, found "
                    + bands);
        }
        int type = raster.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            throw new IllegalArgumentException("raster: expected integer samples, found floating-point data");
        }
        this.max = new long[bands];
        for (int b = 0; b < bands; b++) {
            int bits = raster.getSampleModel().getSampleSize(b);
            if (bits < 1 || bits > 31) {
                throw new IllegalArgumentException("raster: band " + b + " expected 1..31 bits per sample, found " + bits);
            }
            max[b] = (1L << bits) - 1;
        }
    }

    @Override
    public int width() {
        return raster.getWidth();
    }

    @Override
    public int height() {
        return raster.getHeight();
    }

    @Override
    public ChannelLayout layout() {
        return switch (bands) {
            case 1 -> ChannelLayout.GRAY;
            case 3 -> ChannelLayout.RGB;
            default -> ChannelLayout.RGBA;
        };
    }

    @Override
    public void read(Rect r, byte[] rgb, byte[] alpha) {
        int[] row = new int[r.width() * bands];
        int x0 = raster.getMinX() + r.x();
        for (int y = 0; y < r.height(); y++) {
            raster.getPixels(x0, raster.getMinY() + r.y() + y, r.width(), 1, row);
            int o = y * r.width();
            for (int x = 0; x < r.width(); x++) {
                int s = x * bands;
                int p = 3 * (o + x);
                if (bands <= 2) {
                    byte g = to8(row[s], max[0]);
                    rgb[p] = g;
                    rgb[p + 1] = g;
                    rgb[p + 2] = g;
                } else {
                    rgb[p] = to8(row[s], max[0]);
                    rgb[p + 1] = to8(row[s + 1], max[1]);
                    rgb[p + 2] = to8(row[s + 2], max[2]);
                }
                if (alpha != null && (bands == 2 || bands == 4)) {
                    alpha[o + x] = to8(row[s + bands - 1], max[bands - 1]);
                }
            }
        }
    }

    /** round(v * 255 / max) for v in 0..max, in integers. */
    static byte to8(int v, long max) {
        if (max == 255) {
            return (byte) v;
        }
        long u = Math.min(Integer.toUnsignedLong(v), max);
        return (byte) ((u * 510 + max) / (2 * max));
    }
}
