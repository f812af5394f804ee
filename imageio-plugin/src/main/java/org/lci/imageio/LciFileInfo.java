package org.lci.imageio;

import java.util.List;

/**
 * What the header of one {@code .lci} file says, in the plugin's own terms: the reader builds it once per
 * input and the metadata, the tier arithmetic and the CLI's {@code info} read it.
 *
 * @param width         full-resolution width in pixels
 * @param height        full-resolution height in pixels
 * @param formatVersion container format version
 * @param tileSize      tile edge T in pixels
 * @param overlap       tile overlap O in pixels
 * @param quality       quality in [0, 1] the file was coded at
 * @param modelName     model pack name, or {@code null} where the runtime does not know the pack
 * @param modelVersion  model pack version, or {@code null}
 * @param modelDigest   hex prefix of the pack digest carried in the header
 * @param tiers         one entry per resolution tier, tier 0 (full size) first
 */
public record LciFileInfo(int width, int height, int formatVersion, int tileSize, int overlap, float quality,
                          String modelName, String modelVersion, String modelDigest, List<Tier> tiers) {

    /**
     * One resolution tier.
     *
     * @param bytes       the coded bytes it needs: z plus its channel groups, all tiles (-1 unknown)
     * @param prefixBytes the length of the file prefix that decodes it (SPEC.md "Truncation"; what
     *                    {@code lci serve} hands out for {@code ?tier=k}); -1 unknown or not in the file
     */
    public record Tier(int tier, int width, int height, long bytes, long prefixBytes) { }

    public LciFileInfo {
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("an LCI image has at least one tier");
        }
    }

    /** @return the tier, or an exception naming the tiers the file has. */
    public Tier tier(int k) {
        if (k < 0 || k >= tiers.size()) {
            throw new IllegalArgumentException(
                    "resolution tier " + k + " not in file (it has tiers 0.." + (tiers.size() - 1) + ")");
        }
        return tiers.get(k);
    }

    /** @return the coarsest tier: the one the reader offers as thumbnail. */
    public Tier smallestTier() {
        return tiers.get(tiers.size() - 1);
    }
}
