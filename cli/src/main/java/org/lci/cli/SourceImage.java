package org.lci.cli;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * An input image read with whichever ImageIO reader knows its format (PNG, JPEG, TIFF, BMP, WebP, LCI…), with
 * the EXIF and XMP bytes of a JPEG. The ICC profile travels in the image's colour space.
 *
 * @param image  the decoded pixels
 * @param format the reader's format name, e.g. "png"
 * @param exif   TIFF-structured EXIF bytes (no "Exif\0\0" prefix), or null
 * @param xmp    XMP packet bytes, or null
 */
record SourceImage(BufferedImage image, String format, byte[] exif, byte[] xmp) {
    private static final String XMP_ID = "http://ns.adobe.com/xap/1.0/";

    static SourceImage read(byte[] bytes, String name) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IIOException(name + ": not an image format this build can read"
                        + " (PNG, JPEG, TIFF, BMP, WebP, GIF, LCI)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, false);
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                BufferedImage image = reader.read(0);
                byte[] exif = null;
                byte[] xmp = null;
                if (format.equals("jpeg") || format.equals("jpg")) {
                    exif = jpegSegment(bytes, JPEG.APP1, "Exif", 1);
                    xmp = jpegSegment(bytes, JPEG.APP1, XMP_ID, 0);
                }
                return new SourceImage(image, format, exif, xmp);
            }
            catch (IOException | RuntimeException e) {
                throw new IIOException(name + ": cannot read image: " + Messages.describe(e), e);
            }
            finally {
                reader.dispose();
            }
        }
    }

    /** The payload of the first APPn segment with this identifier, after {@code skip} pad bytes; null if none. */
    private static byte[] jpegSegment(byte[] jpeg, int marker, String identifier, int skip) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(stream, marker, identifier);
            if (segments.isEmpty()) {
                return null;
            }
            try (InputStream data = segments.get(0).data()) {
                data.skipNBytes(skip);
                byte[] payload = data.readAllBytes();
                return payload.length == 0 ? null : payload;
            }
        }
        catch (IOException | RuntimeException e) {
            return null; // damaged metadata is dropped, the pixels still count
        }
    }
}
