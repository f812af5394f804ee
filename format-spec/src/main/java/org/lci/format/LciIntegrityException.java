package org.lci.format;

/**
 * A CRC-32C check failed: the bytes were damaged after writing. Names the tile and segment
 * (or -1 for the header and chunks) so a caller can report or skip the damaged part.
 */
public final class LciIntegrityException extends LciFormatException {
    private static final long serialVersionUID = 1L;

    private final int tile;
    private final int segment;

    public LciIntegrityException(String message, int tile, int segment, long offset) {
        super(message, offset);
        this.tile = tile;
        this.segment = segment;
    }

    /** Tile index of the damaged segment, or -1 when the damage is outside tile data. */
    public int tile() {
        return tile;
    }

    /** Segment index within the tile (0 = z, 1 + g = channel group g), or -1. */
    public int segment() {
        return segment;
    }
}
