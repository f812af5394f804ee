package org.lci.runtime;

import java.util.List;

/**
 * What a file's header and chunk table say, read without running any model.
 *
 * @param width            image width in pixels (tier 0)
 * @param height           image height in pixels (tier 0)
 * @param grayscale        coded as RGB with gray replicated; decoded back to one gray band
 * @param alpha            has a lossless alpha plane
 * @param q16              quality, {@code round(q * 65535)}
 * @param tileSize         tile size T
 * @param overlap          overlap O
 * @param tileColumns      tiles across
 * @param tileRows         tiles down
 * @param tierCount        tiers present in the file (tier 0 .. tierCount-1)
 * @param finestCompleteTier the finest tier whose bytes are all present (0 for a whole file; a truncated
 *                         file may still decode a coarse tier), or -1 when none is
 * @param packDigestPrefix the model pack digest prefix from the header, lower-case hex
 * @param chunks           the metadata chunks (ICC, EXIF, XMP), in file order
 * @param metadata         ICC / EXIF / XMP bytes carried by the file
 */
public record LciInfo(int width, int height, boolean grayscale, boolean alpha, int q16, int tileSize, int overlap,
                      int tileColumns, int tileRows, int tierCount, int finestCompleteTier, String packDigestPrefix,
                      List<Chunk> chunks, ImageMetadata metadata, List<Integer> tierScales) {

    public LciInfo {
        chunks = List.copyOf(chunks);
        tierScales = List.copyOf(tierScales);
        if (tierScales.size() != tierCount) {
            throw new IllegalArgumentException("expected " + tierCount + " tier scales, found " + tierScales.size());
        }
    }

    /** Tier k decodes at {@code 1 / 2^tierScaleLog2(k)} of full size, as the file's header declares. */
    public int tierScaleLog2(int tier) {
        return tierScales.get(tier);
    }

    /** Width of a whole-image decode at tier k: {@code ceil(width / 2^scale_log2[k])} (the header's scale). */
    public int tierWidth(int tier) {
        return ceilShift(width, tierScales.get(tier));
    }

    /** Height of a whole-image decode at tier k: {@code ceil(height / 2^scale_log2[k])}. */
    public int tierHeight(int tier) {
        return ceilShift(height, tierScales.get(tier));
    }

    /**
     * The tier-k pixels a decode of {@code fullRegion} (tier-0 pixels) returns, as {@link DecodeOptions} describes:
     * floor of the start and ceiling of the end at the tier's declared scale, clipped to the image.
     *
     * @throws IllegalArgumentException if the region does not meet the image
     */
    public java.awt.Rectangle tierRegion(int tier, java.awt.Rectangle fullRegion) {
        org.lci.format.Rect r = new org.lci.format.TileGrid(width, height, tileSize, overlap).coveringRect(
                new org.lci.format.Rect(fullRegion.x, fullRegion.y, fullRegion.width, fullRegion.height),
                tierScales.get(tier));
        return new java.awt.Rectangle(r.x(), r.y(), r.width(), r.height());
    }

    public int tileCount() {
        return tileColumns * tileRows;
    }

    static int ceilShift(int v, int k) {
        return (int) (((long) v + (1L << k) - 1) >> k);
    }

    /**
     * One chunk of the file.
     *
     * @param type   four-character chunk type (SPEC.md)
     * @param length payload length in bytes
     */
    public record Chunk(String type, long length) { }
}
