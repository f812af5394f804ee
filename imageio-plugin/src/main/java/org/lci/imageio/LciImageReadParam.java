package org.lci.imageio;

import org.lci.runtime.TileCache;

import javax.imageio.ImageReadParam;

/**
 * Read parameters for LCI, in the style of JPEG 2000's {@code J2KImageReadParam}: besides the usual
 * source region and subsampling, a resolution tier picks the scale at which the image is synthesised.
 * <p>
 * Tier {@code k} decodes at 1/2<sup>k</sup> of full size using only the coarse channel groups, so it is
 * cheaper than a full decode followed by scaling. A source region is given in the coordinates of the
 * chosen tier, and only the tiles it touches are decoded.
 */
public class LciImageReadParam extends ImageReadParam {
    private int resolutionTier;
    private TileCache tileCache;
    private boolean tileCacheSet;

    public LciImageReadParam() {
        canSetSourceRenderSize = false;
    }

    /**
     * @param tier 0 for full resolution, 1 for half, 2 for quarter, … up to the number of tiers in the
     *             file minus one (checked when reading, since the count is a property of the file).
     */
    public void setResolutionTier(int tier) {
        if (tier < 0) {
            throw new IllegalArgumentException("resolution tier must be >= 0: " + tier);
        }
        resolutionTier = tier;
    }

    /** @return the tier to decode, 0 (full resolution) unless set. */
    public int getResolutionTier() {
        return resolutionTier;
    }

    /**
     * Keeps and reuses the synthesised tiles of this read in {@code cache} (shared by any number of readers and
     * threads), or with null reads without one. Unless set, a read uses the reader's cache
     * ({@link LciImageReader#setTileCache}) or else the JVM-wide one sized by the system property
     * {@value LciImageReader#TILE_CACHE_PROPERTY} (none by default).
     */
    public void setTileCache(TileCache cache) {
        tileCache = cache;
        tileCacheSet = true;
    }

    /** The tile cache this read uses: the one set, else the JVM-wide one (null: none). */
    public TileCache getTileCache() {
        return tileCacheSet ? tileCache : Codecs.tileCache();
    }

    /** Whether {@link #setTileCache} was called (a reader's own cache yields to it). */
    boolean isTileCacheSet() {
        return tileCacheSet;
    }
}
