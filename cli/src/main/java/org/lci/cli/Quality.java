package org.lci.cli;

import java.awt.image.BufferedImage;

/** Distortion measures between an image and its decode. */
final class Quality {
    private Quality() { }

    /** PSNR in dB over the 8-bit R, G and B samples; infinite for identical images. */
    static double psnr(BufferedImage reference, BufferedImage decoded) {
        return org.lci.runtime.Psnr.rgb(reference, decoded);
    }

    /** Bits per pixel of a file of {@code bytes} for an image of the given size. */
    static double bpp(long bytes, int width, int height) {
        return bytes * 8.0 / ((double) width * height);
    }

    /** Mean of each scale x scale block (edge blocks average what is there): the reference for a tier decode. */
    static BufferedImage boxDownscale(BufferedImage image, int scale) {
        int width = (image.getWidth() + scale - 1) / scale;
        int height = (image.getHeight() + scale - 1) / scale;
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int sy = y * scale; sy < Math.min((y + 1) * scale, image.getHeight()); sy++) {
                    for (int sx = x * scale; sx < Math.min((x + 1) * scale, image.getWidth()); sx++) {
                        int rgb = image.getRGB(sx, sy);
                        r += rgb >> 16 & 0xFF;
                        g += rgb >> 8 & 0xFF;
                        b += rgb & 0xFF;
                        n++;
                    }
                }
                small.setRGB(x, y, Math.round((float) r / n) << 16 | Math.round((float) g / n) << 8 | Math.round((float) b / n));
            }
        }
        return small;
    }
}
