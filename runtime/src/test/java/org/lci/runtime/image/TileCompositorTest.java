package org.lci.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.lci.format.Rect;
import org.lci.format.TileGrid;

/**
 * The blend leaves each pixel at the weighted mean of the tiles covering it (docs/ARCHITECTURE.md "Tiling"). Each
 * tile's output varies with position and channel, so a wrong offset, stride or channel order fails.
 */
class TileCompositorTest {

    /** Tile t's synthesis output at global pixel (x, y), channel c: varies with position, tile and channel. */
    private static double value(int t, int c, int x, int y) {
        return (20 + (7 * x + 3 * y + 50 * t + 61 * c) % 200) / 255.0;
    }

    @Test
    void overlapsHoldTheWeightedMeanAndCoresTheTileValue() {
        TileGrid grid = new TileGrid(300, 200, 128, 32);   // 3 x 2 tiles
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
        TileCompositor c = new TileCompositor(grid, 0, new Rect(0, 0, 300, 200), new ImageSink(img, new Point()));
        for (int t = 0; t < grid.tileCount(); t++) {
            // [3, paddedH, paddedW], origin at the coded rectangle's corner; padding beyond it holds garbage.
            int pw = grid.paddedWidth(t);
            int ph = grid.paddedHeight(t);
            Rect coded = grid.codedRect(t);
            float[] out = new float[3 * pw * ph];
            Arrays.fill(out, 5f);
            for (int ch = 0; ch < 3; ch++) {
                for (int ly = 0; ly < coded.height(); ly++) {
                    for (int lx = 0; lx < coded.width(); lx++) {
                        out[ch * pw * ph + ly * pw + lx] = (float) value(t, ch, coded.x() + lx, coded.y() + ly);
                    }
                }
            }
            c.commit(t, out);
        }
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    double expected = 0;
                    for (int t = 0; t < grid.tileCount(); t++) {
                        expected += weight(x, grid.coreRect(t).x(), grid.coreRect(t).x1(), 300)
                                * weight(y, grid.coreRect(t).y(), grid.coreRect(t).y1(), 200) * value(t, ch, x, y) * 255;
                    }
                    int actual = img.getRaster().getSample(x, y, ch); // bands of a 3BYTE_BGR raster: R, G, B
                    assertThat((double) actual).as("pixel %d,%d channel %d", x, y, ch)
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
                }
            }
        }
        // Core of tile 0 away from every overlap: exactly tile 0's value there.
        assertThat(img.getRaster().getSample(60, 60, 0)).isEqualTo((int) Math.round(value(0, 0, 60, 60) * 255));
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
