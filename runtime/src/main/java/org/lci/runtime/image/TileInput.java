package org.lci.runtime.image;

import java.nio.FloatBuffer;

/** Model input of one tile: RGB bytes of the coded rectangle → float CHW in [0,1], padded by edge replication. */
public final class TileInput {

    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    private TileInput() { }

    /**
     * Writes {@code [3, paddedHeight, paddedWidth]} into {@code dst} from interleaved {@code rgb} of
     * {@code width x height}; columns and rows past the edge repeat the last ones.
     */
    public static void fill(FloatBuffer dst, byte[] rgb, int width, int height, int paddedWidth, int paddedHeight) {
        float[] row = new float[paddedWidth];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < paddedHeight; y++) {
                int src = 3 * Math.min(y, height - 1) * width + c;
                for (int x = 0; x < width; x++) {
                    row[x] = UNIT[rgb[src + 3 * x] & 0xFF];
                }
                java.util.Arrays.fill(row, width, paddedWidth, row[width - 1]);
                dst.put(row);
            }
        }
    }
}
