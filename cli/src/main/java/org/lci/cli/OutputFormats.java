package org.lci.cli;

import picocli.CommandLine;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/** Writes decoded images in the format an output's extension names, with the writers ImageIO has. */
final class OutputFormats {
    private OutputFormats() { }

    static void requireWritable(CommandLine cli, String suffix, String option) {
        if (!ImageIO.getImageWritersBySuffix(suffix).hasNext()) {
            throw new CommandLine.ParameterException(cli, option + ": no image writer for '" + suffix
                    + "' (try png, jpg, tif, bmp)");
        }
    }

    static byte[] encode(BufferedImage image, String suffix) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersBySuffix(suffix);
        if (!writers.hasNext()) {
            throw new IIOException("no image writer for '" + suffix + "'");
        }
        ImageWriter writer = writers.next();
        BufferedImage pixels = writer.getOriginatingProvider().canEncodeImage(image) ? image : withoutAlpha(image);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(pixels);
        }
        finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** For formats without alpha (JPEG, BMP): the image over white. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        }
        finally {
            g.dispose();
        }
        return rgb;
    }
}
