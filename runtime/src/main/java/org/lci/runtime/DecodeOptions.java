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

    private static final DecodeOptions DEFAULTS = new DecodeOptions(0, null, null, null);

    private final int tier;
    private final Rectangle region;
    private final TileCache tileCache;
    private final String cacheKey;

    private DecodeOptions(int tier, Rectangle region, TileCache tileCache, String cacheKey) {
        this.tier = tier;
        this.region = region == null ? null : new Rectangle(region);
        this.tileCache = tileCache;
        this.cacheKey = cacheKey;
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
        return new DecodeOptions(tier, region, tileCache, cacheKey);
    }

    /** Region in tier-0 pixel coordinates; null decodes the whole image. */
    public DecodeOptions withRegion(Rectangle region) {
        if (region != null && (region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0)) {
            throw new IllegalArgumentException("region: expected x,y >= 0 and width,height > 0, found " + region);
        }
        return new DecodeOptions(tier, region, tileCache, cacheKey);
    }

    /**
     * Reuses and keeps tile synthesis outputs in {@code cache}, under {@code sourceKey}: a name for the file's
     * bytes that changes whenever they do (e.g. path + size + modification time). Null cache: none.
     */
    public DecodeOptions withTileCache(TileCache cache, String sourceKey) {
        if (cache != null && (sourceKey == null || sourceKey.isEmpty())) {
            throw new IllegalArgumentException("tile cache: expected a key naming the file's bytes, found none");
        }
        return new DecodeOptions(tier, region, cache, cache == null ? null : sourceKey);
    }

    /**
     * Reuses and keeps tile synthesis outputs in {@code cache}, each under a SHA-256 of what its pixels depend on
     * (the header, the tile's segments for the tier, the model pack), for callers that cannot name the file, such as
     * an ImageIO reader given a stream. A hit still reads and hashes the tile's segments, but skips the entropy
     * decoding and the synthesis. Null cache: none.
     */
    public DecodeOptions withTileCache(TileCache cache) {
        return new DecodeOptions(tier, region, cache, null);
    }

    /** The tile cache, or null. */
    public TileCache tileCache() {
        return tileCache;
    }

    /** The file's key in the tile cache, or null (none, or tiles keyed by their content). */
    public String tileCacheKey() {
        return cacheKey;
    }

    public int tier() {
        return tier;
    }

    /** The region in tier-0 coordinates, or null for the whole image. */
    public Rectangle region() {
        return region == null ? null : new Rectangle(region);
    }
}
