package org.lci.imageio;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * EXIF and XMP from a JPEG reader's native metadata ({@code javax_imageio_jpeg_image_1.0}), where they sit
 * as "unknown" APP1 markers. Lets a generic transcoder (read JPEG with metadata, write LCI) keep them.
 */
final class JpegSideData {
    static final String FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int APP1 = 0xE1;
    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_ID = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);

    final byte[] exif;
    final byte[] xmp;

    private JpegSideData(byte[] exif, byte[] xmp) {
        this.exif = exif;
        this.xmp = xmp;
    }

    /** @return the EXIF and XMP found (either may be null), or null when the metadata is not JPEG's */
    static JpegSideData of(IIOMetadata metadata) {
        if (metadata == null || !FORMAT.equals(metadata.getNativeMetadataFormatName())) {
            return null;
        }
        byte[] exif = null;
        byte[] xmp = null;
        Node root = metadata.getAsTree(FORMAT);
        for (Node sequence = root.getFirstChild(); sequence != null; sequence = sequence.getNextSibling()) {
            if (!sequence.getNodeName().equals("markerSequence")) {
                continue;
            }
            for (Node marker = sequence.getFirstChild(); marker != null; marker = marker.getNextSibling()) {
                if (!(marker instanceof IIOMetadataNode node) || !marker.getNodeName().equals("unknown")
                        || !String.valueOf(APP1).equals(node.getAttribute("MarkerTag"))
                        || !(node.getUserObject() instanceof byte[] data)) {
                    continue;
                }
                if (exif == null && startsWith(data, EXIF_ID)) {
                    exif = Arrays.copyOfRange(data, EXIF_ID.length, data.length);
                }
                else if (xmp == null && startsWith(data, XMP_ID)) {
                    xmp = Arrays.copyOfRange(data, XMP_ID.length, data.length);
                }
            }
        }
        return new JpegSideData(exif, xmp);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length > prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
