package org.lci.imageio;

import javax.imageio.IIOException;
import javax.imageio.IIOParam;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.util.Hashtable;

/** Applies a write param's source region and subsampling to what the caller hands the writer. */
final class SourceRegions {
    private SourceRegions() { }

    static BufferedImage toBuffered(RenderedImage rendered) {
        if (rendered instanceof BufferedImage image) {
            return image;
        }
        WritableRaster raster = rendered.getColorModel().createCompatibleWritableRaster(
                rendered.getWidth(), rendered.getHeight());
        rendered.copyData(raster.createWritableTranslatedChild(rendered.getMinX(), rendered.getMinY()));
        return new BufferedImage(rendered.getColorModel(), raster,
                rendered.getColorModel().isAlphaPremultiplied(), new Hashtable<>());
    }

    static BufferedImage apply(BufferedImage image, IIOParam param) throws IIOException {
        Rectangle region = region(param, image.getWidth(), image.getHeight());
        BufferedImage cropped = region.equals(new Rectangle(image.getWidth(), image.getHeight()))
                ? image : image.getSubimage(region.x, region.y, region.width, region.height);
        int xSub = param == null ? 1 : param.getSourceXSubsampling();
        int ySub = param == null ? 1 : param.getSourceYSubsampling();
        if (xSub == 1 && ySub == 1) {
            return cropped;
        }
        WritableRaster sampled = subsample(cropped.getRaster(), xSub, ySub);
        return new BufferedImage(cropped.getColorModel(), sampled, cropped.isAlphaPremultiplied(), new Hashtable<>());
    }

    static Raster apply(Raster raster, IIOParam param) throws IIOException {
        Rectangle bounds = raster.getBounds();
        Rectangle region = region(param, bounds.width, bounds.height);
        Raster cropped = raster.createChild(bounds.x + region.x, bounds.y + region.y,
                region.width, region.height, 0, 0, null);
        int xSub = param == null ? 1 : param.getSourceXSubsampling();
        int ySub = param == null ? 1 : param.getSourceYSubsampling();
        return xSub == 1 && ySub == 1 ? cropped : subsample(cropped, xSub, ySub);
    }

    /**
     * The profile of an 8-bit RGB image in an ICC colour space other than sRGB, whose samples the writer
     * codes unchanged; null for anything the runtime should convert to sRGB itself.
     */
    static byte[] nonSrgbProfile(BufferedImage image) {
        ColorSpace space = image.getColorModel().getColorSpace();
        boolean plainRgb = image.getColorModel() instanceof ComponentColorModel
                && space.getType() == ColorSpace.TYPE_RGB
                && image.getRaster().getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE
                && !image.isAlphaPremultiplied();
        if (plainRgb && space instanceof ICC_ColorSpace icc && !space.isCS_sRGB()) {
            return icc.getProfile().getData();
        }
        return null;
    }

    private static Rectangle region(IIOParam param, int width, int height) throws IIOException {
        Rectangle all = new Rectangle(width, height);
        if (param == null || param.getSourceRegion() == null) {
            return all;
        }
        Rectangle region = all.intersection(param.getSourceRegion());
        // Subsampling grid offsets move the region's origin, as ImageIO's readers do.
        region.translate(param.getSubsamplingXOffset(), param.getSubsamplingYOffset());
        region = all.intersection(region);
        if (region.isEmpty()) {
            throw new IIOException("source region " + param.getSourceRegion() + " does not intersect the "
                    + width + "x" + height + " image");
        }
        return region;
    }

    private static WritableRaster subsample(Raster source, int xSub, int ySub) {
        int width = (source.getWidth() + xSub - 1) / xSub;
        int height = (source.getHeight() + ySub - 1) / ySub;
        WritableRaster target = source.createCompatibleWritableRaster(width, height);
        Object pixel = null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixel = source.getDataElements(source.getMinX() + x * xSub, source.getMinY() + y * ySub, pixel);
                target.setDataElements(x, y, pixel);
            }
        }
        return target;
    }
}
