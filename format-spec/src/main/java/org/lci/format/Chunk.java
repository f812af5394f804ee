package org.lci.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chunk: a four-letter type and its data (SPEC.md "Chunks"). Upper-case first letter = critical
 * (a decoder that does not know it must refuse the file), lower-case = ancillary (skipped).
 */
public final class Chunk {
    /** Tile index (critical, written by {@link LciWriter}). */
    public static final String INDEX = "TIDX";
    /** Layer data: the segments of one layer (critical, written by {@link LciWriter}). */
    public static final String LAYER = "LDAT";
    /** Alpha plane, lossless (critical; required for {@link ChannelLayout#RGBA}). */
    public static final String ALPHA = "ALPH";
    /** End of file (critical, empty). */
    public static final String END = "LEND";
    /** ICC profile (ancillary); overrides the default sRGB colour space. */
    public static final String ICC = "iCCP";
    /** EXIF data, a TIFF structure starting with "II" or "MM" (ancillary). */
    public static final String EXIF = "eXIf";
    /** XMP packet, UTF-8 XML (ancillary). */
    public static final String XMP = "xMPx";

    private final String type;
    private final byte[] data;

    /** @throws IllegalArgumentException unless {@code type} is four ASCII letters */
    public Chunk(String type, byte[] data) {
        if (!isValidType(type)) {
            throw new IllegalArgumentException("chunk type: expected four ASCII letters, found '" + type + "'");
        }
        this.type = type;
        this.data = data.clone();
    }

    private Chunk(String type, byte[] data, boolean owned) {
        this.type = type;
        this.data = data;
    }

    /** A chunk that takes {@code data} without copying it (the reader's own, freshly read bytes). */
    static Chunk owning(String type, byte[] data) {
        if (!isValidType(type)) {
            throw new IllegalArgumentException("chunk type: expected four ASCII letters, found '" + type + "'");
        }
        return new Chunk(type, data, true);
    }

    static boolean isValidType(String type) {
        if (type == null || type.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            char c = type.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    public String type() {
        return type;
    }

    /** A copy of the chunk data. */
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    /** True when the first letter of the type is upper case. */
    public boolean isCritical() {
        return isCritical(type);
    }

    static boolean isCritical(String type) {
        return Character.isUpperCase(type.charAt(0));
    }

    byte[] typeBytes() {
        return type.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chunk c && c.type.equals(type) && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Chunk[" + type + ", " + data.length + " bytes]";
    }
}
