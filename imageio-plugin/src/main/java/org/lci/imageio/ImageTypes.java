package org.lci.imageio;

import org.lci.runtime.LciInfo;

import javax.imageio.ImageTypeSpecifier;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The destination types a decode can be written into, the natural one first. A file with an RGB ICC profile
 * other than sRGB decodes into that colour space (its samples unchanged), so {@code getRGB} and colour
 * conversion see the colours the encoder saw; the plain sRGB types remain available as alternatives.
 */
final class ImageTypes {
    private final List<ImageTypeSpecifier> types;

    private ImageTypes(List<ImageTypeSpecifier> types) {
        this.types = List.copyOf(types);
    }

    static ImageTypes of(LciInfo header) {
        List<ImageTypeSpecifier> types = new ArrayList<>();
        if (header.alpha()) {
            types.add(type(BufferedImage.TYPE_4BYTE_ABGR));
            types.add(type(BufferedImage.TYPE_INT_ARGB));
        }
        else if (header.grayscale()) {
            types.add(type(BufferedImage.TYPE_BYTE_GRAY));
            types.add(type(BufferedImage.TYPE_3BYTE_BGR));
            types.add(type(BufferedImage.TYPE_INT_RGB));
        }
        else {
            ColorSpace profiled = rgbProfile(header.metadata().icc());
            if (profiled != null) {
                types.add(ImageTypeSpecifier.createInterleaved(profiled, new int[] {0, 1, 2}, DataBuffer.TYPE_BYTE,
                        false, false));
            }
            types.add(type(BufferedImage.TYPE_3BYTE_BGR));
            types.add(type(BufferedImage.TYPE_INT_RGB));
            types.add(type(BufferedImage.TYPE_INT_BGR));
        }
        return new ImageTypes(types);
    }

    ImageTypeSpecifier raw() {
        return types.get(0);
    }

    List<ImageTypeSpecifier> all() {
        return types;
    }

    /**
     * The destination as the runtime should fill it: for an 8-bit destination in an ICC colour space, an sRGB
     * view of the same raster, so the coded samples land unchanged instead of being colour-converted.
     */
    static BufferedImage codedSamplesView(BufferedImage destination) {
        ColorModel model = destination.getColorModel();
        ColorSpace space = model.getColorSpace();
        if (!(model instanceof ComponentColorModel) || space.isCS_sRGB() || space.getType() != ColorSpace.TYPE_RGB
                || destination.getRaster().getDataBuffer().getDataType() != DataBuffer.TYPE_BYTE) {
            return destination;
        }
        ColorModel srgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), model.hasAlpha(),
                false, model.getTransparency(), DataBuffer.TYPE_BYTE);
        if (!srgb.isCompatibleRaster(destination.getRaster())) {
            return destination;
        }
        return new BufferedImage(srgb, destination.getRaster(), false, null);
    }

    /** The profile's colour space when it is a usable RGB profile other than sRGB; else null. */
    private static ColorSpace rgbProfile(byte[] icc) {
        if (icc == null) {
            return null;
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(icc);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
                return null;
            }
            ICC_ColorSpace space = new ICC_ColorSpace(profile);
            return space.isCS_sRGB() ? null : space;
        }
        catch (IllegalArgumentException e) {
            return null; // a damaged profile: decode as sRGB, the bytes stay in the metadata
        }
    }

    private static ImageTypeSpecifier type(int bufferedImageType) {
        return ImageTypeSpecifier.createFromBufferedImageType(bufferedImageType);
    }
}
