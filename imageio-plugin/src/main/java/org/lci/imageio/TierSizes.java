package org.lci.imageio;

import org.lci.format.LciReader;
import org.lci.format.LciSignature;
import org.lci.format.RandomAccessSource;

import java.io.IOException;

/** Header facts the runtime's {@code LciInfo} does not carry, read with the format-spec library. */
final class TierSizes {
    private TierSizes() { }

    /**
     * @return {@code [2][tierCount]}: for each tier, the coded bytes a decoder reads for it (the z segment and the
     * tier's channel-group segments of every tile), and the length of the file prefix that decodes it; -1 where
     * the tile index cannot be read or the prefix is not in the file
     */
    static long[][] bytes(RandomAccessSource file, int tierCount) {
        long[][] sizes = new long[2][tierCount];
        try (LciReader reader = LciReader.open(file)) { // closing it leaves the plugin's sources open
            for (int k = 0; k < tierCount; k++) {
                sizes[0][k] = reader.tierCodedBytes(k);
                sizes[1][k] = reader.tierPrefixLength(k);
            }
        }
        catch (IOException | RuntimeException e) {
            java.util.Arrays.fill(sizes[0], -1);
            java.util.Arrays.fill(sizes[1], -1);
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
