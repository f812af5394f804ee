package org.lci.format;

/**
 * One resolution tier: decodes the image at 1/2^scaleLog2 of full size from the z segment and the
 * first {@code groups} channel-group segments of every tile.
 *
 * @param scaleLog2 0 = full size, 1 = half, 2 = quarter (0..15)
 * @param groups channel groups this tier needs (1..16)
 */
public record Tier(int scaleLog2, int groups) {
    public Tier {
        if (scaleLog2 < 0 || scaleLog2 > 15) {
            throw new IllegalArgumentException("tier scale_log2: expected 0..15, found " + scaleLog2);
        }
        if (groups < 1 || groups > LciHeader.MAX_GROUPS) {
            throw new IllegalArgumentException("tier groups: expected 1.." + LciHeader.MAX_GROUPS + ", found " + groups);
        }
    }

    /** Segments of a tile this tier needs: the z segment plus its groups. */
    public int segments() {
        return 1 + groups;
    }
}
