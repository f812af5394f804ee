package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void coreCodedAndPaddedRectangles() {
        TileGrid g = new TileGrid(300, 130, 128, 16);
        assertThat(g.columns()).isEqualTo(3);
        assertThat(g.rows()).isEqualTo(2);
        assertThat(g.coreRect(0)).isEqualTo(new Rect(0, 0, 128, 128));
        assertThat(g.coreRect(5)).isEqualTo(new Rect(256, 128, 44, 2));
        assertThat(g.codedRect(0)).isEqualTo(new Rect(0, 0, 144, 130));
        assertThat(g.codedRect(4)).isEqualTo(new Rect(112, 112, 160, 18));
        assertThat(g.paddedWidth(4)).isEqualTo(192);
        assertThat(g.paddedHeight(4)).isEqualTo(64);
    }

    @Test
    void tierScaledRectanglesPartitionTheScaledImage() {
        TileGrid g = new TileGrid(1001, 517, 256, 32);
        for (int s = 0; s <= 3; s++) {
            long area = 0;
            for (int t = 0; t < g.tileCount(); t++) {
                Rect r = g.coreRect(t, s);
                area += (long) r.width() * r.height();
                assertThat(g.codedRect(t, s).x()).isLessThanOrEqualTo(r.x());
                assertThat(g.paddedWidth(t, s) * (1 << s)).isEqualTo(g.paddedWidth(t));
            }
            assertThat(area).isEqualTo((long) g.width(s) * g.height(s));
        }
        assertThat(g.width(2)).isEqualTo(251);
    }

    @Test
    void singleTileHasNoOverlapAndCoversTheImage() {
        TileGrid g = TileGrid.singleTile(100, 75);
        assertThat(g.tileCount()).isEqualTo(1);
        assertThat(g.tileSize()).isEqualTo(128);
        assertThat(g.codedRect(0)).isEqualTo(new Rect(0, 0, 100, 75));
        assertThat(g.paddedWidth(0)).isEqualTo(128);
        assertThat(g.paddedHeight(0)).isEqualTo(128);
    }

    @Test
    void regionSelectsOnlyTheTilesItTouches() {
        TileGrid g = new TileGrid(1000, 1000, 256, 32);
        assertThat(g.tilesIntersecting(new Rect(300, 10, 10, 10))).containsExactly(1);
        assertThat(g.tilesIntersecting(new Rect(250, 250, 10, 10))).containsExactly(0, 1, 4, 5);
        assertThat(g.tilesIntersecting(new Rect(0, 0, 0, 10))).isEmpty();
        assertThat(g.tilesIntersecting(new Rect(0, 0, 5000, 5000))).hasSize(16);
    }
}
