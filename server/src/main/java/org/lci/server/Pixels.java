package org.lci.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * The pixel steps of an image request after decoding: resample a (fractional) source rectangle to the output
 * size, mirror, rotate, and apply the quality. Works on packed ARGB ints; alpha is kept until the output format.
 */
final class Pixels {
    private Pixels() { }

    /** Packed ARGB pixels of an image, row-major. */
    record Argb(int width, int height, int[] data, boolean alpha) {
        static Argb of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            if (image.getRaster().getNumBands() == 1) {
                // A gray decode holds the coded 8-bit values; getRGB would treat them as linear light and brighten them.
                int[] g = image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
                for (int i = 0; i < g.length; i++) {
                    g[i] = 0xFF000000 | g[i] << 16 | g[i] << 8 | g[i];
                }
                return new Argb(w, h, g, false);
            }
            return new Argb(w, h, image.getRGB(0, 0, w, h, null, 0, w), image.getColorModel().hasAlpha());
        }

        int get(int x, int y) {
            return data[y * width + x];
        }
    }

    /**
     * Resamples the rectangle {@code src} of {@code image} (in its pixel coordinates, fractional) to
     * {@code outW} x {@code outH}: 2x2 box halvings while the factor is 2 or more (no aliasing), then bilinear
     * with pixel centres aligned and edges clamped (no dark borders).
     */
    static Argb resample(Argb image, Rectangle2D.Double src, int outW, int outH) {
        Argb in = image;
        double sx = src.x;
        double sy = src.y;
        double sw = src.width;
        double sh = src.height;
        while (sw / outW >= 2 && sh / outH >= 2 && in.width >= 2 && in.height >= 2) {
            in = halve(in);
            sx /= 2;
            sy /= 2;
            sw /= 2;
            sh /= 2;
        }
        if (sx == 0 && sy == 0 && sw == outW && sh == outH && in.width == outW && in.height == outH) {
            return in;
        }
        int[] out = new int[outW * outH];
        double fx = sw / outW;
        double fy = sh / outH;
        for (int y = 0; y < outH; y++) {
            double v = sy + (y + 0.5) * fy - 0.5;
            int y0 = clamp((int) Math.floor(v), in.height);
            int y1 = clamp((int) Math.floor(v) + 1, in.height);
            double wy = v - Math.floor(v);
            for (int x = 0; x < outW; x++) {
                double u = sx + (x + 0.5) * fx - 0.5;
                int x0 = clamp((int) Math.floor(u), in.width);
                int x1 = clamp((int) Math.floor(u) + 1, in.width);
                double wx = u - Math.floor(u);
                out[y * outW + x] = mix(in.get(x0, y0), in.get(x1, y0), in.get(x0, y1), in.get(x1, y1), wx, wy);
            }
        }
        return new Argb(outW, outH, out, in.alpha);
    }

    /** Width and height of the canvas a rotation by {@code degrees} of a {@code w x h} image needs. */
    static long[] rotatedSize(int w, int h, double degrees) {
        if (degrees % 90 == 0) {
            return ((int) (degrees / 90)) % 2 == 0 ? new long[] {w, h} : new long[] {h, w};
        }
        double rad = Math.toRadians(degrees);
        double cos = Math.abs(Math.cos(rad));
        double sin = Math.abs(Math.sin(rad));
        return new long[] {(long) Math.ceil(w * cos + h * sin - 1e-9), (long) Math.ceil(w * sin + h * cos - 1e-9)};
    }

    /** Mirrors (when asked) and then rotates clockwise; 90s are exact, other angles fill the bounding box. */
    static Argb orient(Argb in, boolean mirror, double degrees) {
        Argb a = mirror ? mirror(in) : in;
        int quarter = degrees % 90 == 0 ? (int) (degrees / 90) % 4 : -1;
        if (quarter == 0) {
            return a;
        }
        if (quarter > 0) {
            int w = quarter == 2 ? a.width : a.height;
            int h = quarter == 2 ? a.height : a.width;
            int[] out = new int[w * h];
            for (int y = 0; y < a.height; y++) {
                for (int x = 0; x < a.width; x++) {
                    int p = a.get(x, y);
                    switch (quarter) {
                        case 1 -> out[x * w + (a.height - 1 - y)] = p;
                        case 2 -> out[(a.height - 1 - y) * w + (a.width - 1 - x)] = p;
                        default -> out[(a.width - 1 - x) * w + y] = p;
                    }
                }
            }
            return new Argb(w, h, out, a.alpha);
        }
        return rotateArbitrary(a, degrees);
    }

    /** Applies a quality; DEFAULT and COLOR leave the pixels as they are. */
    static BufferedImage toImage(Argb a, ImageRequest.Quality quality, ImageRequest.Format format) {
        switch (quality) {
            case GRAY, BITONAL -> {
                BufferedImage out = new BufferedImage(a.width, a.height, quality == ImageRequest.Quality.GRAY
                        ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_BYTE_BINARY);
                int[] row = new int[a.width];
                for (int y = 0; y < a.height; y++) {
                    for (int x = 0; x < a.width; x++) {
                        int l = luma(flatten(a.get(x, y), a.alpha));
                        row[x] = quality == ImageRequest.Quality.GRAY ? l : l >= 128 ? 1 : 0;
                    }
                    out.getRaster().setSamples(0, y, a.width, 1, 0, row);
                }
                return out;
            }
            default -> {
                boolean keepAlpha = a.alpha && format == ImageRequest.Format.PNG;
                BufferedImage out = new BufferedImage(a.width, a.height,
                        keepAlpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
                int[] data = a.data;
                if (!keepAlpha && a.alpha) {
                    data = new int[data.length];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = flatten(a.data[i], true);
                    }
                }
                out.setRGB(0, 0, a.width, a.height, data, 0, a.width);
                return out;
            }
        }
    }

    /** Rec. 601 luma, the weights of JPEG's YCbCr. */
    private static int luma(int argb) {
        int r = argb >> 16 & 255;
        int g = argb >> 8 & 255;
        int b = argb & 255;
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    /** Outputs without alpha (JPEG, gray, bitonal) composite over white, as browsers show transparent areas. */
    private static int flatten(int argb, boolean alpha) {
        if (!alpha) {
            return argb;
        }
        int a = argb >>> 24;
        int r = ((argb >> 16 & 255) * a + 255 * (255 - a) + 127) / 255;
        int g = ((argb >> 8 & 255) * a + 255 * (255 - a) + 127) / 255;
        int b = ((argb & 255) * a + 255 * (255 - a) + 127) / 255;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static Argb mirror(Argb a) {
        int[] out = new int[a.data.length];
        for (int y = 0; y < a.height; y++) {
            for (int x = 0; x < a.width; x++) {
                out[y * a.width + x] = a.get(a.width - 1 - x, y);
            }
        }
        return new Argb(a.width, a.height, out, a.alpha);
    }

    private static Argb rotateArbitrary(Argb a, double degrees) {
        double rad = Math.toRadians(degrees);
        double cos = Math.abs(Math.cos(rad));
        double sin = Math.abs(Math.sin(rad));
        long[] size = rotatedSize(a.width, a.height, degrees);
        int w = (int) size[0];
        int h = (int) size[1];
        BufferedImage src = new BufferedImage(a.width, a.height, BufferedImage.TYPE_INT_ARGB);
        src.setRGB(0, 0, a.width, a.height, a.data, 0, a.width);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setBackground(new Color(0, 0, 0, 0));
            g.clearRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform t = new AffineTransform();
            t.translate(w / 2.0, h / 2.0);
            t.rotate(rad);
            t.translate(-a.width / 2.0, -a.height / 2.0);
            g.drawImage(src, t, null);
        }
        finally {
            g.dispose();
        }
        // The corners outside the rotated picture are transparent: PNG keeps them, JPEG shows them white.
        return new Argb(w, h, dst.getRGB(0, 0, w, h, null, 0, w), true);
    }

    private static Argb halve(Argb a) {
        int w = (a.width + 1) / 2;
        int h = (a.height + 1) / 2;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int ya = 2 * y;
            int yb = Math.min(2 * y + 1, a.height - 1);
            for (int x = 0; x < w; x++) {
                int xa = 2 * x;
                int xb = Math.min(2 * x + 1, a.width - 1);
                out[y * w + x] = mix(a.get(xa, ya), a.get(xb, ya), a.get(xa, yb), a.get(xb, yb), 0.5, 0.5);
            }
        }
        return new Argb(w, h, out, a.alpha);
    }

    private static int mix(int p00, int p10, int p01, int p11, double wx, double wy) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            double top = (p00 >>> shift & 255) * (1 - wx) + (p10 >>> shift & 255) * wx;
            double bottom = (p01 >>> shift & 255) * (1 - wx) + (p11 >>> shift & 255) * wx;
            int v = (int) Math.round(top * (1 - wy) + bottom * wy);
            out |= Math.min(255, Math.max(0, v)) << shift;
        }
        return out;
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }
}
