package org.lci.runtime.image;

import java.awt.Point;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.WritableRaster;

/**
 * A {@link PixelSink} over a BufferedImage placed at an offset. 8-bit gray / sRGB rasters get their samples
 * written directly (gray = {@code round((r+g+b)/3)}); any other colour model goes through {@code setRGB}.
 */
public final class ImageSink implements PixelSink {

    private enum Mode { GRAY, RGB, ARGB_CALLS }

    private final BufferedImage image;
    private final WritableRaster raster;
    private final int offX;
    private final int offY;
    private final Mode mode;
    private final int alphaBand;
    private final int[] scratch;

    public ImageSink(BufferedImage image, Point offset) {
        this.image = image;
        this.raster = image.getRaster();
        this.offX = offset.x;
        this.offY = offset.y;
        ColorModel cm = image.getColorModel();
        boolean eightBit = true;
        for (int b = 0; b < raster.getNumBands(); b++) {
            eightBit &= raster.getSampleModel().getSampleSize(b) == 8;
        }
        boolean plain = eightBit && !cm.isAlphaPremultiplied()
                && (cm instanceof ComponentColorModel || cm instanceof DirectColorModel);
        int colours = cm.getNumColorComponents();
        if (plain && colours == 1 && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            mode = Mode.GRAY;
        } else if (plain && colours == 3 && cm.getColorSpace().isCS_sRGB()) {
            mode = Mode.RGB;
        } else {
            mode = Mode.ARGB_CALLS;
        }
        this.alphaBand = cm.hasAlpha() && mode != Mode.ARGB_CALLS ? colours : -1;
        this.scratch = new int[Math.max(1, image.getWidth())];
    }

    /** A new image for a decode: gray → TYPE_BYTE_GRAY, RGB → TYPE_3BYTE_BGR, RGBA → TYPE_4BYTE_ABGR. */
    public static BufferedImage newImage(int width, int height, boolean gray, boolean alpha) {
        int type = alpha ? BufferedImage.TYPE_4BYTE_ABGR : gray ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_3BYTE_BGR;
        return new BufferedImage(width, height, type);
    }

    /** Clips a span to the image: returns {x0 in sink coords, count} or null when nothing is left. */
    private int[] clip(int x, int y, int width) {
        int iy = y + offY;
        if (iy < 0 || iy >= image.getHeight()) {
            return null;
        }
        int ix0 = Math.max(0, x + offX);
        int ix1 = Math.min(image.getWidth(), x + offX + width);
        return ix1 <= ix0 ? null : new int[] {ix0 - offX, ix1 - ix0};
    }

    @Override
    public void writeRgb(int x, int y, int width, int[] rgb, int from) {
        int[] c = clip(x, y, width);
        if (c == null) {
            return;
        }
        int skip = c[0] - x;
        int n = c[1];
        int ix = c[0] + offX;
        int iy = y + offY;
        switch (mode) {
            case GRAY -> {
                for (int i = 0; i < n; i++) {
                    int p = 3 * (from + skip + i);
                    scratch[i] = (rgb[p] + rgb[p + 1] + rgb[p + 2] + 1) / 3;
                }
                raster.setSamples(ix, iy, n, 1, 0, scratch);
            }
            case RGB -> {
                for (int b = 0; b < 3; b++) {
                    for (int i = 0; i < n; i++) {
                        scratch[i] = rgb[3 * (from + skip + i) + b];
                    }
                    raster.setSamples(ix, iy, n, 1, b, scratch);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    int p = 3 * (from + skip + i);
                    scratch[i] = 0xFF000000 | rgb[p] << 16 | rgb[p + 1] << 8 | rgb[p + 2];
                }
                image.setRGB(ix, iy, n, 1, scratch, 0, n);
            }
        }
    }

    @Override
    public void writeAlpha(int x, int y, int width, int[] alpha) {
        if (!image.getColorModel().hasAlpha()) {
            return;
        }
        int[] c = clip(x, y, width);
        if (c == null) {
            return;
        }
        int skip = c[0] - x;
        int n = c[1];
        int ix = c[0] + offX;
        int iy = y + offY;
        if (alphaBand >= 0) {
            System.arraycopy(alpha, skip, scratch, 0, n);
            raster.setSamples(ix, iy, n, 1, alphaBand, scratch);
        } else {
            image.getRGB(ix, iy, n, 1, scratch, 0, n);
            for (int i = 0; i < n; i++) {
                scratch[i] = (scratch[i] & 0xFFFFFF) | alpha[skip + i] << 24;
            }
            image.setRGB(ix, iy, n, 1, scratch, 0, n);
        }
    }
}
