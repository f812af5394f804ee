package org.lci.cli;

import org.lci.imageio.LciImageWriteParam;
import org.lci.imageio.LciImageWriter;
import org.lci.imageio.LciMetadataFormat;
import org.lci.runtime.LciCodec;

import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * How to encode, as the command line says it, and the encode itself through the LCI ImageIO writer.
 *
 * @param quality   0..1, or NaN for the writer's default
 * @param sizeBytes target size in bytes, or 0
 * @param bpp       target bits per pixel, or 0
 * @param tileSize  tile size, or 0 for the default
 * @param model     model pack name, or null for the default pack
 */
record EncodeSettings(float quality, long sizeBytes, double bpp, int tileSize, String model) {

    /** Encodes the image; EXIF and XMP (either may be null) are stored with it. */
    byte[] encode(LciCodec codec, BufferedImage image, byte[] exif, byte[] xmp, IIOWriteProgressListener progress)
            throws IOException {
        LciImageWriter writer = Plugin.writer(codec);
        try {
            LciImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (model != null) {
                setModel(param, model);
            }
            if (!Float.isNaN(quality)) {
                param.setCompressionQuality(quality);
            }
            long target = sizeBytes > 0 ? sizeBytes : bpp > 0
                    ? Math.max(1, Math.round(bpp * image.getWidth() * image.getHeight() / 8)) : 0;
            param.setTargetSize(target);
            if (tileSize > 0) {
                param.setTileSize(tileSize);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            metadata.mergeTree(LciMetadataFormat.NATIVE_FORMAT_NAME, sideData(exif, xmp));

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                if (progress != null) {
                    writer.addIIOWriteProgressListener(progress);
                }
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        }
        finally {
            writer.dispose();
        }
    }

    private static void setModel(LciImageWriteParam param, String model) throws IOException {
        for (String type : param.getCompressionTypes()) {
            if (type.equals(model)) {
                param.setCompressionType(type);
                return;
            }
        }
        throw new IOException("model pack '" + model + "' is not installed; installed: "
                + String.join(", ", param.getCompressionTypes()) + " (add one with --pack FILE)");
    }

    private static IIOMetadataNode sideData(byte[] exif, byte[] xmp) {
        IIOMetadataNode root = new IIOMetadataNode(LciMetadataFormat.NATIVE_FORMAT_NAME);
        if (exif != null) {
            IIOMetadataNode node = new IIOMetadataNode("EXIF");
            node.setUserObject(exif);
            root.appendChild(node);
        }
        if (xmp != null) {
            IIOMetadataNode node = new IIOMetadataNode("XMP");
            node.setUserObject(xmp);
            root.appendChild(node);
        }
        return root;
    }
}
