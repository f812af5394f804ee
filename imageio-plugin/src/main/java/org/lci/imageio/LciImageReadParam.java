package org.lci.imageio;

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
}
