package org.lci.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.lci.format.Rect;
import org.lci.format.TileGrid;

/** The blend leaves each pixel at the weighted mean of the tiles covering it (docs/ARCHITECTURE.md "Tiling"). */
class TileCompositorTest {

    @Test
    void overlapsHoldTheWeightedMeanAndCoresTheTileValue() {
        TileGrid grid = new TileGrid(300, 200, 128, 32);   // 3 x 2 tiles
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
        TileCompositor c = new TileCompositor(grid, 0, new Rect(0, 0, 300, 200), new ImageSink(img, new Point()));
        float[] value = new float[grid.tileCount()];
        for (int t = 0; t < grid.tileCount(); t++) {
            value[t] = (20 + 40 * t) / 255f;
            float[] out = new float[3 * grid.paddedWidth(t) * grid.paddedHeight(t)];
            Arrays.fill(out, value[t]);
            c.commit(t, out);
        }
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                double expected = 0;
                for (int t = 0; t < grid.tileCount(); t++) {
                    expected += weight(x, grid.coreRect(t).x(), grid.coreRect(t).x1(), 300)
                            * weight(y, grid.coreRect(t).y(), grid.coreRect(t).y1(), 200) * value[t] * 255;
                }
                int actual = img.getRaster().getSample(x, y, 0);
                assertThat((double) actual).as("pixel %d,%d", x, y).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
            }
        }
        assertThat(img.getRaster().getSample(60, 60, 1)).isEqualTo(20);     // core of tile 0, no overlap
        assertThat(img.getRaster().getSample(128 + 60, 160, 2)).isEqualTo(180); // core of tile 4
    }

    @Test
    void regionDecodesNeedTheTilesWhoseCodedRectanglesMeetIt() {
        TileGrid grid = new TileGrid(300, 200, 128, 32);
        assertThat(TileCompositor.tilesFor(grid, 0, new Rect(0, 0, 10, 10))).containsExactly(0);
        assertThat(TileCompositor.tilesFor(grid, 0, new Rect(100, 0, 10, 10))).containsExactly(0, 1);
        assertThat(TileCompositor.tilesFor(grid, 1, new Rect(50, 50, 2, 2))).containsExactly(0, 1, 3, 4);
    }

    /** The normative one-axis weight of a tile with core [c0, c1): linear ramps of width 2·16 around inner edges. */
    private static double weight(int v, int c0, int c1, int size) {
        int o = 32;
        double w = v >= c0 - o && v < c1 + o ? 1 : 0;
        if (c0 > 0 && v >= c0 - o && v < c0 + o) {
            w = (v - (c0 - o) + 0.5) / (2.0 * o);
        } else if (c1 < size && v >= c1 - o && v < c1 + o) {
            w = 1 - (v - (c1 - o) + 0.5) / (2.0 * o);
        }
        return w;
    }
}
