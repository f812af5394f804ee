package org.lci.runtime;

import java.awt.image.BufferedImage;

/** PSNR between an image and its decode: the one measure the CLI, the benchmarks and the Spark jobs report. */
public final class Psnr {
    private Psnr() { }

    /**
     * PSNR in dB over the 8-bit sRGB R, G and B samples ({@code getRGB}, alpha ignored), read row by row so that
     * huge images need no huge arrays; {@link Double#POSITIVE_INFINITY} for identical images.
     *
     * @throws IllegalArgumentException if the images differ in size
     */
    public static double rgb(BufferedImage reference, BufferedImage decoded) {
        if (reference.getWidth() != decoded.getWidth() || reference.getHeight() != decoded.getHeight()) {
            throw new IllegalArgumentException("PSNR needs images of one size: " + reference.getWidth() + "x"
                    + reference.getHeight() + " vs " + decoded.getWidth() + "x" + decoded.getHeight());
        }
        double sum = 0;
        int width = reference.getWidth();
        int[] a = new int[width];
        int[] b = new int[width];
        for (int y = 0; y < reference.getHeight(); y++) {
            reference.getRGB(0, y, width, 1, a, 0, width);
            decoded.getRGB(0, y, width, 1, b, 0, width);
            for (int x = 0; x < width; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = (a[x] >> shift & 0xFF) - (b[x] >> shift & 0xFF);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * width * reference.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
