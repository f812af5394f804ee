package org.lci.runtime;

import java.awt.Rectangle;

/**
 * What to decode: a tier (0 = full size, 1 = half, 2 = quarter) and an optional region.
 * <p>The region is given in <b>full-resolution (tier 0) pixel coordinates</b>, origin at the top-left
 * corner, x to the right, y down; it is clipped to the image. At tier k (scale s = 2^scale_log2[k], as the
 * file's header declares) the result holds the tier-k pixels
 * {@code [floor(x/s), ceil((x+w)/s)) × [floor(y/s), ceil((y+h)/s))} ({@link LciInfo#tierRegion}); a whole-image
 * tier-k decode is {@code ceil(W/s) × ceil(H/s)}. Only tiles that the region touches are decoded. Immutable.
 */
public final class DecodeOptions {

    private static final DecodeOptions DEFAULTS = new DecodeOptions(0, null);

    private final int tier;
    private final Rectangle region;

    private DecodeOptions(int tier, Rectangle region) {
        this.tier = tier;
        this.region = region == null ? null : new Rectangle(region);
    }

    /** Tier 0, whole image. */
    public static DecodeOptions defaults() {
        return DEFAULTS;
    }

    public static DecodeOptions tier(int tier) {
        return DEFAULTS.withTier(tier);
    }

    public DecodeOptions withTier(int tier) {
        if (tier < 0 || tier > 15) {
            throw new IllegalArgumentException("tier: expected 0..15, found " + tier);
        }
        return new DecodeOptions(tier, region);
    }

    /** Region in tier-0 pixel coordinates; null decodes the whole image. */
    public DecodeOptions withRegion(Rectangle region) {
        if (region != null && (region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0)) {
            throw new IllegalArgumentException("region: expected x,y >= 0 and width,height > 0, found " + region);
        }
        return new DecodeOptions(tier, region);
    }

    public int tier() {
        return tier;
    }

    /** The region in tier-0 coordinates, or null for the whole image. */
    public Rectangle region() {
        return region == null ? null : new Rectangle(region);
    }
}
