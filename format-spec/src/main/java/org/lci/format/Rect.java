package org.lci.format;

/** A pixel rectangle [x, x + width) x [y, y + height). */
public record Rect(int x, int y, int width, int height) {
    public Rect {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("rect size: expected >= 0, found " + width + "x" + height);
        }
    }

    /** Exclusive right edge. */
    public int x1() {
        return x + width;
    }

    /** Exclusive bottom edge. */
    public int y1() {
        return y + height;
    }

    public boolean intersects(Rect o) {
        return x < o.x1() && o.x < x1() && y < o.y1() && o.y < y1();
    }
}
