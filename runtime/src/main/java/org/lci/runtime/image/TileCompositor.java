package org.lci.runtime.image;

import java.util.HashMap;
import java.util.Map;

import org.lci.format.Rect;
import org.lci.format.TileGrid;

/**
 * Writes decoded tiles into a {@link PixelSink}, blending overlaps (docs/ARCHITECTURE.md "Tiling"). Across a
 * boundary at b with half-width o (the overlap at tier scale) the later tile's weight ramps linearly,
 * {@code w(x) = (x - (b - o) + 0.5) / 2o} over {@code [b - o, b + o)}, the earlier tile's is {@code 1 - w};
 * a tile's weight is the product of its x and y ramps, so weights sum to 1 everywhere. A pixel covered by one
 * tile is written at once; a pixel in a band around a boundary is summed in float (weighted value and weight)
 * and written, as {@code round(sum / weight)}, when the last tile covering it arrives. Band buffers hold
 * {@code 2o} rows across the region, or {@code 2o} columns down one tile row, never the image. Tiles must be
 * committed in raster order. Requires {@code 2 O <= T}.
 */
public final class TileCompositor {

    private final TileGrid grid;
    private final int scaleLog2;
    private final Rect region;
    private final PixelSink sink;
    private final int half;
    private final int tileSize;
    private final int tierWidth;
    private final int tierHeight;
    /** Open band accumulators, keyed by {@link #hKey} / {@link #vKey}: 4 floats (r, g, b, weight) per pixel. */
    private final Map<Long, Band> bands = new HashMap<>();

    private record Band(Rect rect, float[] sums) { }

    /**
     * @param region the decoded rectangle in tier-{@code scaleLog2} pixels; sink coordinates are relative to it
     */
    public TileCompositor(TileGrid grid, int scaleLog2, Rect region, PixelSink sink) {
        if (2 * grid.overlap() > grid.tileSize()) {
            throw new IllegalArgumentException("tile blending: expected overlap <= tile size / 2, found O = "
                    + grid.overlap() + ", T = " + grid.tileSize());
        }
        this.grid = grid;
        this.scaleLog2 = scaleLog2;
        this.region = region;
        this.sink = sink;
        this.half = grid.overlap() >> scaleLog2;
        this.tileSize = grid.tileSize() >> scaleLog2;
        this.tierWidth = grid.width(scaleLog2);
        this.tierHeight = grid.height(scaleLog2);
    }

    /** The tiles a decode of the region needs: those whose coded rectangle meets it, in raster order. */
    public static int[] tilesFor(TileGrid grid, int scaleLog2, Rect region) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            if (grid.codedRect(t, scaleLog2).intersects(region)) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Blends one tile's synthesis output {@code xHat [3, paddedHeight, paddedWidth]} (tier scale, unclipped)
     * into the sink.
     */
    public void commit(int tile, float[] xHat) {
        int row = tile / grid.columns();
        int col = tile % grid.columns();
        bands.keySet().removeIf(k -> done(k, row, col));
        Rect coded = grid.codedRect(tile, scaleLog2);
        Rect core = grid.coreRect(tile, scaleLog2);
        int pw = grid.paddedWidth(tile, scaleLog2);
        int plane = pw * grid.paddedHeight(tile, scaleLog2);
        int x0 = Math.max(coded.x(), region.x());
        int x1 = Math.min(coded.x1(), region.x1());
        int y0 = Math.max(coded.y(), region.y());
        int y1 = Math.min(coded.y1(), region.y1());
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int n = x1 - x0;
        float[] wx = new float[n];
        int[] colBand = new int[n];
        int[] lastCol = new int[n];
        for (int i = 0; i < n; i++) {
            int x = x0 + i;
            wx[i] = weight(x, core.x(), core.x1(), tierWidth);
            colBand[i] = boundary(x, grid.columns());
            lastCol[i] = colBand[i] >= 0 ? colBand[i] : Math.min(x / tileSize, grid.columns() - 1);
        }
        int[] out = new int[3 * n];
        for (int y = y0; y < y1; y++) {
            float wy = weight(y, core.y(), core.y1(), tierHeight);
            int rowBand = boundary(y, grid.rows());
            int src = (y - coded.y()) * pw + (x0 - coded.x());
            int start = -1;
            for (int i = 0; i < n; i++) {
                float r = to255(xHat[src + i]);
                float g = to255(xHat[plane + src + i]);
                float b = to255(xHat[2 * plane + src + i]);
                if (rowBand < 0 && colBand[i] < 0) {
                    out[3 * i] = (int) (r + 0.5f);
                    out[3 * i + 1] = (int) (g + 0.5f);
                    out[3 * i + 2] = (int) (b + 0.5f);
                    start = start < 0 ? i : start;
                    continue;
                }
                if (start >= 0) {
                    sink.writeRgb(x0 + start - region.x(), y - region.y(), i - start, out, start);
                    start = -1;
                }
                Band band = rowBand >= 0 ? band(hKey(rowBand), rowBandRect(rowBand))
                        : band(vKey(row, colBand[i]), colBandRect(row, colBand[i]));
                int at = 4 * ((y - band.rect().y()) * band.rect().width() + (x0 + i - band.rect().x()));
                float w = wx[i] * wy;
                float[] sums = band.sums();
                sums[at] += w * r;
                sums[at + 1] += w * g;
                sums[at + 2] += w * b;
                sums[at + 3] += w;
                if ((rowBand < 0 || row == rowBand) && col == lastCol[i]) {
                    writeSum(x0 + i, y, sums, at);
                }
            }
            if (start >= 0) {
                sink.writeRgb(x0 + start - region.x(), y - region.y(), n - start, out, start);
            }
        }
    }

    /**
     * Writes every pixel still waiting in a band as the weighted mean of the tiles that reached it (used when a
     * decode stops early, so the pixels of the tiles done are all in the sink).
     */
    public void flush() {
        for (Band b : bands.values()) {
            Rect r = b.rect();
            for (int y = r.y(); y < r.y1(); y++) {
                for (int x = r.x(); x < r.x1(); x++) {
                    int at = 4 * ((y - r.y()) * r.width() + (x - r.x()));
                    if (b.sums()[at + 3] > 0f) {
                        writeSum(x, y, b.sums(), at);
                    }
                }
            }
        }
        bands.clear();
    }

    private void writeSum(int x, int y, float[] s, int at) {
        float w = s[at + 3];
        int[] px = {(int) (s[at] / w + 0.5f), (int) (s[at + 1] / w + 0.5f), (int) (s[at + 2] / w + 0.5f)};
        sink.writeRgb(x - region.x(), y - region.y(), 1, px, 0);
    }

    /** The band buffer, created on first use. */
    private Band band(long key, Rect rect) {
        return bands.computeIfAbsent(key, k -> new Band(rect, new float[4 * rect.width() * rect.height()]));
    }

    /** Rows [b - o, b + o) around the boundary above tile row r, across the region. */
    private Rect rowBandRect(int r) {
        int y0 = Math.max(r * tileSize - half, region.y());
        int y1 = Math.min(r * tileSize + half, region.y1());
        return new Rect(region.x(), y0, region.width(), Math.max(0, y1 - y0));
    }

    /** Columns [b - o, b + o) around the boundary left of tile column c, down tile row r. */
    private Rect colBandRect(int r, int c) {
        Rect coded = grid.codedRect(r * grid.columns(), scaleLog2);
        int x0 = Math.max(c * tileSize - half, region.x());
        int x1 = Math.min(c * tileSize + half, region.x1());
        int y0 = Math.max(coded.y(), region.y());
        int y1 = Math.min(coded.y1(), region.y1());
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    private static long hKey(int r) {
        return (long) r << 32 | 0x8000_0000L;
    }

    private static long vKey(int r, int c) {
        return (long) r << 32 | c;
    }

    /** True when no tile at or after (row, col) in raster order adds to the band. */
    private static boolean done(long key, int row, int col) {
        int r = (int) (key >>> 32);
        if ((key & 0x8000_0000L) != 0) {
            return row > r;
        }
        int c = (int) (key & 0x7FFF_FFFFL);
        return row > r || row == r && col > c;
    }

    /** The boundary index k (between tiles k-1 and k along an axis of n tiles) whose band holds v, or -1. */
    private int boundary(int v, int n) {
        if (half == 0) {
            return -1;
        }
        int k = (v + half) / tileSize;
        return k >= 1 && k < n && v >= k * tileSize - half && v < k * tileSize + half ? k : -1;
    }

    /** Weight of the tile with core [c0, c1) at coordinate v along one axis of length size. */
    private float weight(int v, int c0, int c1, int size) {
        if (half == 0) {
            return 1f;
        }
        if (c0 > 0 && v < c0 + half) {
            return (v - (c0 - half) + 0.5f) / (2 * half);
        }
        if (c1 < size && v >= c1 - half) {
            return 1f - (v - (c1 - half) + 0.5f) / (2 * half);
        }
        return 1f;
    }

    private static float to255(float v) {
        return v <= 0f ? 0f : v >= 1f ? 255f : v * 255f;
    }
}
