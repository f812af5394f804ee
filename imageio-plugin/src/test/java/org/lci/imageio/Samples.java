package org.lci.imageio;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test inputs: the committed .lci files and small images to encode. */
final class Samples {
    private Samples() { }

    static byte[] bytes(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LciImageReader reader(String resource) throws IOException {
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes(resource)));
        reader.setInput(input);
        return reader;
    }

    static ImageReader firstReader(ImageInputStream input) {
        var readers = ImageIO.getImageReaders(input);
        return readers.hasNext() ? readers.next() : null;
    }

    /** A smooth, photo-like test picture: gradients and soft shapes, which the tiny model codes well. */
    static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x - width * 0.6;
                double dy = y - height * 0.4;
                double spot = Math.exp(-(dx * dx + dy * dy) / (0.05 * width * height));
                int r = (int) (60 + 150 * x / (double) width + 40 * spot);
                int g = (int) (90 + 100 * y / (double) height + 50 * spot);
                int b = (int) (180 - 80 * y / (double) height + 20 * spot);
                image.setRGB(x, y, 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b));
            }
        }
        return image;
    }

    /** Mean absolute difference per RGB sample. */
    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
