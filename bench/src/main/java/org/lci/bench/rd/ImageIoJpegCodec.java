package org.lci.bench.rd;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The JDK's own JPEG writer with default settings apart from quality: what a plain Java
 * program gets (4:2:0, baseline, standard Huffman tables).
 */
final class ImageIoJpegCodec implements RdCodec {

    @Override
    public String name() {
        return "jpeg-imageio";
    }

    @Override
    public byte[] encode(BufferedImage image, double quality) throws IOException {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("ImageIO JPEG quality must be in [0, 1], found " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no ImageIO JPEG writer in this JDK");
        }
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality((float) quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Override
    public BufferedImage decode(byte[] data, int tier) throws IOException {
        if (tier != 0) {
            throw new IllegalArgumentException("JPEG has no tiers; asked for tier " + tier);
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
        if (img == null) {
            throw new IOException("ImageIO could not decode its own JPEG output");
        }
        return img;
    }
}
