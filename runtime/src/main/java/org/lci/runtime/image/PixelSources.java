package org.lci.runtime.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;

/** Picks how to read an image: its raster samples when they are plain gray/RGB(A), else {@code getRGB}. */
public final class PixelSources {

    private PixelSources() { }

    /** A raster read by band count (see {@link RasterPixelSource}). */
    public static PixelSource of(Raster raster) {
        return new RasterPixelSource(raster);
    }

    public static PixelSource of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        boolean plain = (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
                && !cm.isAlphaPremultiplied() && plainColorSpace(cm.getColorSpace(), cm.getNumColorComponents());
        int dataType = image.getRaster().getDataBuffer().getDataType();
        boolean integer = dataType != java.awt.image.DataBuffer.TYPE_FLOAT
                && dataType != java.awt.image.DataBuffer.TYPE_DOUBLE;
        return plain && integer ? new RasterPixelSource(image.getRaster()) : new RgbPixelSource(image);
    }

    private static boolean plainColorSpace(ColorSpace cs, int components) {
        return components == 3 && cs.isCS_sRGB()
                || components == 1 && cs.getType() == ColorSpace.TYPE_GRAY;
    }
}
