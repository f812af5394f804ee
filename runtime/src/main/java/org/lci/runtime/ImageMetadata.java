package org.lci.runtime;

import java.util.Arrays;

/**
 * Colour-profile and metadata bytes carried through a file unchanged: ICC profile, EXIF (TIFF-structured
 * bytes, without the JPEG {@code Exif\0\0} prefix) and XMP (UTF-8 packet). Any of them may be absent.
 */
public final class ImageMetadata {

    /** No metadata at all. */
    public static final ImageMetadata EMPTY = new ImageMetadata(null, null, null);

    private final byte[] icc;
    private final byte[] exif;
    private final byte[] xmp;

    public ImageMetadata(byte[] icc, byte[] exif, byte[] xmp) {
        this.icc = copy(icc);
        this.exif = copy(exif);
        this.xmp = copy(xmp);
    }

    /**
     * Metadata that takes the arrays as they are, without the defensive copies of the constructor (a 64 MiB ICC
     * profile is then held once): for callers handing over arrays nobody else references.
     */
    public static ImageMetadata adopt(byte[] icc, byte[] exif, byte[] xmp) {
        return new ImageMetadata(icc, exif, xmp, true);
    }

    private ImageMetadata(byte[] icc, byte[] exif, byte[] xmp, boolean adopted) {
        this.icc = icc;
        this.exif = exif;
        this.xmp = xmp;
    }

    /** ICC profile bytes, or null. */
    public byte[] icc() {
        return copy(icc);
    }

    /** EXIF bytes, or null. */
    public byte[] exif() {
        return copy(exif);
    }

    /** XMP packet bytes, or null. */
    public byte[] xmp() {
        return copy(xmp);
    }

    public boolean isEmpty() {
        return icc == null && exif == null && xmp == null;
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageMetadata m && Arrays.equals(icc, m.icc) && Arrays.equals(exif, m.exif)
                && Arrays.equals(xmp, m.xmp);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(icc) + Arrays.hashCode(exif)) + Arrays.hashCode(xmp);
    }

    @Override
    public String toString() {
        return "ImageMetadata[icc=" + len(icc) + " B, exif=" + len(exif) + " B, xmp=" + len(xmp) + " B]";
    }

    private static String len(byte[] b) {
        return b == null ? "none" : String.valueOf(b.length);
    }
}
