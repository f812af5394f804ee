package org.lci.imageio;

import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.LciSignature;
import org.lci.format.RandomAccessSource;

import java.io.IOException;

/** Header facts the runtime's {@code LciInfo} does not carry, read with the format-spec library. */
final class TierSizes {
    private TierSizes() { }

    /**
     * @return for each tier, the coded bytes a decoder reads for it: the z segment and the tier's channel
     * group segments of every tile; -1 for every tier when the tile index cannot be read
     */
    static long[] bytes(RandomAccessSource file, int tierCount) {
        long[] sizes = new long[tierCount];
        try (LciReader reader = LciReader.open(file)) { // closing it leaves the plugin's sources open
            LciHeader header = reader.header();
            int tiles = reader.tileGrid().tileCount();
            for (int k = 0; k < tierCount; k++) {
                int segments = header.tier(k).segments();
                for (int t = 0; t < tiles; t++) {
                    for (int s = 0; s < segments; s++) {
                        sizes[k] += reader.segmentLength(t, s);
                    }
                }
            }
        }
        catch (IOException | RuntimeException e) {
            java.util.Arrays.fill(sizes, -1);
        }
        return sizes;
    }

    /** The container version: the first header byte, right after the signature (SPEC.md section 4). */
    static int formatVersion(RandomAccessSource file) {
        byte[] version = new byte[1];
        try {
            file.readFully(LciSignature.LENGTH, version, 0, 1);
            return version[0] & 0xFF;
        }
        catch (IOException e) {
            return 0;
        }
    }
}
