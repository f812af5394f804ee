package org.lci.format;

/**
 * Geometry of the tile grid (ARCHITECTURE.md "Tiling", SPEC.md "Tile grid"). Tiles are numbered in
 * raster order: tile = row * columns + column. Scaled variants give the same rectangles at tier
 * scale 1/2^scaleLog2, every edge mapped by ceil(v / 2^scaleLog2).
 */
public final class TileGrid {
    /** Coded tiles are padded up to a multiple of this (the model's total stride). */
    public static final int PAD = 64;
    /**
     * Largest tile size T (SPEC.md section 4): one tile's model run must fit in memory (a 4096 tile needs about
     * 8 GB of ONNX Runtime activations; the limit is the same for the explicit and the implied single tile).
     */
    public static final int MAX_TILE_SIZE = 4096;

    private final int width;
    private final int height;
    private final int tileSize;
    private final int overlap;
    private final int columns;
    private final int rows;

    /**
     * @param tileSize core tile size T, a positive multiple of 64, at most {@link #MAX_TILE_SIZE}
     * @param overlap overlap O, a multiple of 16 with 0 <= 2·O <= T (blending needs at most half a tile)
     */
    public TileGrid(int width, int height, int tileSize, int overlap) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size: expected >= 1x1, found " + width + "x" + height);
        }
        if (tileSize < PAD || tileSize % PAD != 0 || tileSize > MAX_TILE_SIZE) {
            throw new IllegalArgumentException("tile size: expected a positive multiple of 64 up to " + MAX_TILE_SIZE
                    + ", found " + tileSize + (tileSize > MAX_TILE_SIZE && overlap == 0 && tileSize
                    == singleTileSize(width, height) ? " (an image over " + MAX_TILE_SIZE + " pixels needs a tile grid)" : ""));
        }
        if (overlap < 0 || overlap % 16 != 0 || 2L * overlap > tileSize) {
            throw new IllegalArgumentException("overlap: expected a multiple of 16 in [0, " + tileSize / 2 + "] (at most"
                    + " half the tile size " + tileSize + "), found " + overlap);
        }
        this.width = width;
        this.height = height;
        this.tileSize = tileSize;
        this.overlap = overlap;
        this.columns = (int) ceilDiv(width, tileSize);
        this.rows = (int) ceilDiv(height, tileSize);
        if ((long) columns * rows > Integer.MAX_VALUE / 32) {
            throw new IllegalArgumentException("tile grid: expected at most " + Integer.MAX_VALUE / 32 + " tiles, found "
                    + columns + "x" + rows);
        }
    }

    /** The implied grid of a single-tile image: T = 64 * ceil(max(W, H) / 64), O = 0. */
    public static TileGrid singleTile(int width, int height) {
        return new TileGrid(width, height, singleTileSize(width, height), 0);
    }

    static int singleTileSize(int width, int height) {
        return (int) (ceilDiv(Math.max(width, height), PAD) * PAD);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int tileSize() {
        return tileSize;
    }

    public int overlap() {
        return overlap;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public int tileCount() {
        return columns * rows;
    }

    /** Tile index of (column, row). */
    public int tile(int column, int row) {
        if (column < 0 || column >= columns || row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("tile (" + column + ", " + row + ") outside " + columns + "x" + rows + " grid");
        }
        return row * columns + column;
    }

    /** Core rectangle of a tile in full-size pixels; cores partition the image. */
    public Rect coreRect(int tile) {
        check(tile);
        int x = (tile % columns) * tileSize;
        int y = (tile / columns) * tileSize;
        return new Rect(x, y, Math.min(tileSize, width - x), Math.min(tileSize, height - y));
    }

    /** Coded rectangle: the core grown by the overlap on each side, clipped to the image. */
    public Rect codedRect(int tile) {
        Rect c = coreRect(tile);
        int x0 = Math.max(0, c.x() - overlap);
        int y0 = Math.max(0, c.y() - overlap);
        int x1 = (int) Math.min(width, (long) c.x1() + overlap);
        int y1 = (int) Math.min(height, (long) c.y1() + overlap);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** Width of the coded rectangle padded up to a multiple of 64 (the model input width). */
    public int paddedWidth(int tile) {
        return roundUp(codedRect(tile).width());
    }

    /** Height of the coded rectangle padded up to a multiple of 64 (the model input height). */
    public int paddedHeight(int tile) {
        return roundUp(codedRect(tile).height());
    }

    /** Image width at tier scale: ceil(W / 2^scaleLog2). */
    public int width(int scaleLog2) {
        return scale(width, scaleLog2);
    }

    /** Image height at tier scale: ceil(H / 2^scaleLog2). */
    public int height(int scaleLog2) {
        return scale(height, scaleLog2);
    }

    /** Core rectangle at tier scale; these partition the scaled image. */
    public Rect coreRect(int tile, int scaleLog2) {
        return scale(coreRect(tile), scaleLog2);
    }

    /** Coded rectangle at tier scale. */
    public Rect codedRect(int tile, int scaleLog2) {
        return scale(codedRect(tile), scaleLog2);
    }

    /** Padded width at tier scale (the synthesis output width): paddedWidth / 2^scaleLog2. */
    public int paddedWidth(int tile, int scaleLog2) {
        return scale(paddedWidth(tile), scaleLog2);
    }

    /** Padded height at tier scale (the synthesis output height). */
    public int paddedHeight(int tile, int scaleLog2) {
        return scale(paddedHeight(tile), scaleLog2);
    }

    /**
     * The tier pixels that cover a full-resolution region (SPEC.md "Tiers"): at scale s = 2^scaleLog2,
     * {@code [floor(x/s), ceil((x+w)/s)) x [floor(y/s), ceil((y+h)/s))}, after clipping the region to the image.
     *
     * @throws IllegalArgumentException if the region does not meet the image
     */
    public Rect coveringRect(Rect full, int scaleLog2) {
        long x1 = Math.min((long) full.x() + full.width(), width);
        long y1 = Math.min((long) full.y() + full.height(), height);
        if (full.x() < 0 || full.y() < 0 || full.x() >= width || full.y() >= height || full.width() == 0
                || full.height() == 0) {
            throw new IllegalArgumentException("region " + full.x() + "," + full.y() + " " + full.width() + "x"
                    + full.height() + ": expected it to meet the " + width + "x" + height + " image, found it outside");
        }
        int x0 = full.x() >> scaleLog2;
        int y0 = full.y() >> scaleLog2;
        return new Rect(x0, y0, scale((int) x1, scaleLog2) - x0, scale((int) y1, scaleLog2) - y0);
    }

    /** Tiles whose core rectangle meets {@code region} (full-size pixels), ascending. */
    public int[] tilesIntersecting(Rect region) {
        int c0 = Math.max(0, region.x() / tileSize);
        int r0 = Math.max(0, region.y() / tileSize);
        int c1 = (int) Math.min(columns, ceilDiv(Math.max(0, region.x1()), tileSize));
        int r1 = (int) Math.min(rows, ceilDiv(Math.max(0, region.y1()), tileSize));
        if (region.width() == 0 || region.height() == 0 || c1 <= c0 || r1 <= r0) {
            return new int[0];
        }
        int[] out = new int[(c1 - c0) * (r1 - r0)];
        int n = 0;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                out[n++] = r * columns + c;
            }
        }
        return out;
    }

    private void check(int tile) {
        if (tile < 0 || tile >= tileCount()) {
            throw new IndexOutOfBoundsException("tile " + tile + " outside 0.." + (tileCount() - 1));
        }
    }

    private static Rect scale(Rect r, int s) {
        int x0 = scale(r.x(), s);
        int y0 = scale(r.y(), s);
        return new Rect(x0, y0, scale(r.x1(), s) - x0, scale(r.y1(), s) - y0);
    }

    private static int scale(int v, int s) {
        if (s < 0 || s > 30) {
            throw new IllegalArgumentException("scale_log2: expected 0..30, found " + s);
        }
        return (int) (((long) v + (1L << s) - 1) >> s);
    }

    private static int roundUp(int v) {
        return (int) (ceilDiv(v, PAD) * PAD);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "TileGrid[" + width + "x" + height + ", T=" + tileSize + ", O=" + overlap + ", " + columns + "x" + rows + " tiles]";
    }
}
