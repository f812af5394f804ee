package org.lci.format;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The fixed header (SPEC.md "Header"): image size, channel layout, quality q16, model-pack digest
 * prefix, tiers and tile grid. Immutable; build one with {@link #builder(int, int)}.
 */
public final class LciHeader {
    /** Format version this library writes and reads. */
    public static final int VERSION = 1;
    /** Bytes of the SHA-256 pack digest kept in the header. */
    public static final int DIGEST_PREFIX_BYTES = 8;
    /** Most tiers and most channel groups a header can describe. */
    public static final int MAX_TIERS = 16;
    public static final int MAX_GROUPS = 16;
    /** Largest width or height the format can describe (readers usually allow less, see {@link LciLimits}). */
    public static final int MAX_DIMENSION = 1 << 30;
    /** Longest possible encoded header (signature not included). */
    static final int MAX_BYTES = 1 + 1 + 5 + 5 + 2 + DIGEST_PREFIX_BYTES + 1 + MAX_TIERS + 5 + 5 + 4;

    static final int FLAG_TILE_GRID = 1 << 2;
    static final int RESERVED_FLAGS = 0xF8;

    private final int width;
    private final int height;
    private final ChannelLayout layout;
    private final int q16;
    private final byte[] digestPrefix;
    private final List<Tier> tiers;
    private final boolean explicitTileGrid;
    private final TileGrid grid;

    private LciHeader(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.layout = b.layout;
        this.q16 = b.q16;
        this.digestPrefix = b.digestPrefix.clone();
        this.tiers = List.copyOf(b.tiers);
        this.explicitTileGrid = b.tileSize > 0;
        this.grid = explicitTileGrid ? new TileGrid(width, height, b.tileSize, b.overlap) : TileGrid.singleTile(width, height);
    }

    /** Starts a header for a {@code width x height} image: RGB, q16 0, one tier, single tile. */
    public static Builder builder(int width, int height) {
        return new Builder(width, height);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public ChannelLayout channelLayout() {
        return layout;
    }

    /** Quality as stored: round(q * 65535). */
    public int q16() {
        return q16;
    }

    /** The first {@value #DIGEST_PREFIX_BYTES} bytes of the model pack's SHA-256 digest (a copy). */
    public byte[] packDigestPrefix() {
        return digestPrefix.clone();
    }

    /** Lower-case hex of {@link #packDigestPrefix()}. */
    public String packDigestPrefixHex() {
        return HexFormat.of().formatHex(digestPrefix);
    }

    /** True when {@code sha256} (32 bytes, or any length >= the prefix) starts with this header's prefix. */
    public boolean matchesPackDigest(byte[] sha256) {
        return sha256.length >= DIGEST_PREFIX_BYTES
                && Arrays.equals(sha256, 0, DIGEST_PREFIX_BYTES, digestPrefix, 0, DIGEST_PREFIX_BYTES);
    }

    /** Tiers in order: tier 0 (finest) first. */
    public List<Tier> tiers() {
        return tiers;
    }

    public Tier tier(int k) {
        return tiers.get(k);
    }

    public int tierCount() {
        return tiers.size();
    }

    /** Channel groups G per tile = groups of tier 0. */
    public int channelGroups() {
        return tiers.get(0).groups();
    }

    /** Segments per tile: the z segment plus G channel-group segments. */
    public int segmentsPerTile() {
        return 1 + channelGroups();
    }

    /** True when the header stores T and O; false for the implied single-tile grid. */
    public boolean hasExplicitTileGrid() {
        return explicitTileGrid;
    }

    /**
     * Width of a whole-image decode at tier k: {@code ceil(width / 2^scale_log2[k])} with the tier's declared
     * scale (SPEC.md section 5); the one place every module gets tier sizes from.
     */
    public int tierWidth(int k) {
        return tileGrid().width(tier(k).scaleLog2());
    }

    /** Height of a whole-image decode at tier k: {@code ceil(height / 2^scale_log2[k])}. */
    public int tierHeight(int k) {
        return tileGrid().height(tier(k).scaleLog2());
    }

    public TileGrid tileGrid() {
        return grid;
    }

    public int tileSize() {
        return grid.tileSize();
    }

    public int overlap() {
        return grid.overlap();
    }

    /**
     * Layer boundaries (SPEC.md "Layers"): layer j holds, for every tile, segments
     * [layerStart(j), layerEnd(j)). Ends are 1 + each distinct tier group count, ascending.
     */
    public int[] layerEnds() {
        return tiers.stream().mapToInt(Tier::groups).distinct().sorted().map(g -> g + 1).toArray();
    }

    /** The header bytes as written after the signature, CRC-32C included. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(VERSION);
        out.write(layout.code() | (explicitTileGrid ? FLAG_TILE_GRID : 0));
        ByteCursor.putVarint(out, width);
        ByteCursor.putVarint(out, height);
        out.write(q16 >>> 8);
        out.write(q16);
        out.writeBytes(digestPrefix);
        out.write(tiers.size());
        for (Tier t : tiers) {
            out.write(t.scaleLog2() << 4 | (t.groups() - 1));
        }
        if (explicitTileGrid) {
            ByteCursor.putVarint(out, grid.tileSize() / TileGrid.PAD);
            ByteCursor.putVarint(out, grid.overlap() / 16);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        ByteCursor.putU32(out, (int) crc.getValue());
        return out.toByteArray();
    }

    /**
     * Parses a header from {@code buf[off..]} whose first byte sits at {@code fileOffset}; returns the
     * header and sets {@code consumed[0]} to its length. Limits are checked here, before anything
     * sized by the header is allocated.
     */
    static LciHeader parse(byte[] buf, int off, int len, long fileOffset, LciLimits limits, int[] consumed)
            throws LciFormatException {
        ByteCursor in = new ByteCursor(buf, off, len, fileOffset, "header");
        int version = in.u8("version");
        if (version != VERSION) {
            throw new LciFormatException("header: version: expected " + VERSION + ", found " + version
                    + " (file written by a newer or incompatible encoder)", fileOffset);
        }
        checkCrc(buf, off, len, fileOffset);
        int flags = in.u8("flags");
        ChannelLayout layout = ChannelLayout.fromCode(flags & 3);
        if (layout == null || (flags & RESERVED_FLAGS) != 0) {
            throw new LciFormatException("header: flags: expected layout 0..2 and reserved bits 3-7 zero, found 0x"
                    + Integer.toHexString(flags), fileOffset + 1);
        }
        long at = in.fileOffset();
        int width = in.varint("width");
        int height = in.varint("height");
        if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new LciFormatException("header: image size: expected 1.." + MAX_DIMENSION + " per side, found "
                    + width + "x" + height, at);
        }
        if (width > limits.maxWidth() || height > limits.maxHeight() || (long) width * height > limits.maxPixels()) {
            throw new LciFormatException("header: image size " + width + "x" + height + " exceeds the reader limits ("
                    + limits.maxWidth() + "x" + limits.maxHeight() + ", " + limits.maxPixels() + " pixels)", at);
        }
        int q16 = in.u16("q16");
        byte[] digest = new byte[DIGEST_PREFIX_BYTES];
        in.bytes(digest, "pack digest prefix");
        at = in.fileOffset();
        int tierCount = in.u8("tier count");
        if (tierCount < 1 || tierCount > MAX_TIERS) {
            throw new LciFormatException("header: tier count: expected 1.." + MAX_TIERS + ", found " + tierCount, at);
        }
        List<Tier> tiers = new ArrayList<>(tierCount);
        for (int k = 0; k < tierCount; k++) {
            at = in.fileOffset();
            int b = in.u8("tier " + k);
            Tier t = new Tier(b >>> 4, (b & 15) + 1);
            if (k > 0) {
                Tier prev = tiers.get(k - 1);
                if (t.scaleLog2() <= prev.scaleLog2() || t.groups() > prev.groups()) {
                    throw new LciFormatException("header: tier " + k + ": expected scale_log2 > " + prev.scaleLog2()
                            + " and groups <= " + prev.groups() + ", found scale_log2 " + t.scaleLog2() + ", groups "
                            + t.groups(), at);
                }
            } else if (t.scaleLog2() != 0) {
                throw new LciFormatException("header: tier 0: expected scale_log2 0, found " + t.scaleLog2(), at);
            }
            tiers.add(t);
        }
        Builder b = builder(width, height).channelLayout(layout).q16(q16).packDigestPrefix(digest).tiers(tiers);
        if ((flags & FLAG_TILE_GRID) != 0) {
            at = in.fileOffset();
            int t64 = in.varint("tile size / 64");
            int o16 = in.varint("overlap / 16");
            if (t64 < 1 || t64 > TileGrid.MAX_TILE_SIZE / TileGrid.PAD || 2L * 16 * o16 > 64L * t64) {
                throw new LciFormatException("header: tile grid: expected tile size T a positive multiple of 64 up to "
                        + TileGrid.MAX_TILE_SIZE + " and overlap O <= T / 2, found T = " + (64L * t64) + ", O = "
                        + (16L * o16), at);
            }
            b.tileGrid(64 * t64, 16 * o16);
        }
        else if (TileGrid.singleTileSize(width, height) > TileGrid.MAX_TILE_SIZE) {
            throw new LciFormatException("header: no tile grid, so the " + width + "x" + height + " image is one tile of T = "
                    + TileGrid.singleTileSize(width, height) + ": expected T <= " + TileGrid.MAX_TILE_SIZE
                    + " (larger images need a tile grid)", at);
        }
        String tiles = limits.checkTiles(b.previewTileGrid());
        if (tiles != null) {
            throw new LciFormatException("header: " + tiles, fileOffset);
        }
        in.u32("CRC-32C");
        consumed[0] = in.position() - off;
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new LciFormatException("header: " + e.getMessage(), fileOffset);
        }
    }

    /**
     * Finds the header's end from its layout alone (varint lengths, tier count, flags bit 2) and
     * checks the CRC before any field is interpreted, so damage is reported as damage.
     */
    private static void checkCrc(byte[] buf, int off, int len, long fileOffset) throws LciFormatException {
        ByteCursor in = new ByteCursor(buf, off, len, fileOffset, "header");
        in.u8("version");
        int flags = in.u8("flags");
        skipVarint(in, "width");
        skipVarint(in, "height");
        in.bytes(new byte[2 + DIGEST_PREFIX_BYTES], "q16 and pack digest prefix");
        int tierCount = in.u8("tier count");
        in.bytes(new byte[tierCount], "tiers");
        if ((flags & FLAG_TILE_GRID) != 0) {
            skipVarint(in, "tile size / 64");
            skipVarint(in, "overlap / 16");
        }
        int bodyEnd = in.position();
        int stored = in.u32("CRC-32C");
        CRC32C crc = new CRC32C();
        crc.update(buf, off, bodyEnd - off);
        if ((int) crc.getValue() != stored) {
            throw new LciIntegrityException("header: CRC-32C mismatch: stored 0x" + hex(stored) + ", computed 0x"
                    + hex((int) crc.getValue()), -1, -1, fileOffset + bodyEnd - off);
        }
    }

    private static void skipVarint(ByteCursor in, String field) throws LciFormatException {
        for (int i = 0; i < 5; i++) {
            if ((in.u8(field) & 0x80) == 0) {
                return;
            }
        }
        throw new LciFormatException("header: " + field + ": expected a varint of at most 5 bytes, found a longer one",
                in.fileOffset());
    }

    static String hex(int v) {
        return String.format("%08x", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LciHeader h && Arrays.equals(h.toBytes(), toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "LciHeader[" + width + "x" + height + " " + layout + ", q16=" + q16 + ", pack=" + packDigestPrefixHex()
                + ", tiers=" + tiers + ", " + grid + "]";
    }

    /** Collects header fields; {@link #build()} checks them together. */
    public static final class Builder {
        private final int width;
        private final int height;
        private ChannelLayout layout = ChannelLayout.RGB;
        private int q16;
        private byte[] digestPrefix = new byte[DIGEST_PREFIX_BYTES];
        private List<Tier> tiers = List.of(new Tier(0, 1));
        private int tileSize;
        private int overlap;

        /** The tile grid this builder's header will have (built before the rest of the header is checked). */
        TileGrid previewTileGrid() {
            return tileSize > 0 ? new TileGrid(width, height, tileSize, overlap) : TileGrid.singleTile(width, height);
        }

        private Builder(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public Builder channelLayout(ChannelLayout layout) {
            this.layout = layout;
            return this;
        }

        /** @param q16 round(q * 65535), 0..65535 */
        public Builder q16(int q16) {
            this.q16 = q16;
            return this;
        }

        /** The pack digest (SHA-256 of manifest.json); only the first 8 bytes are kept. */
        public Builder packDigestPrefix(byte[] digest) {
            if (digest.length < DIGEST_PREFIX_BYTES) {
                throw new IllegalArgumentException("pack digest: expected at least " + DIGEST_PREFIX_BYTES
                        + " bytes, found " + digest.length);
            }
            this.digestPrefix = Arrays.copyOf(digest, DIGEST_PREFIX_BYTES);
            return this;
        }

        /** Tiers in order, tier 0 first. */
        public Builder tiers(List<Tier> tiers) {
            this.tiers = List.copyOf(tiers);
            return this;
        }

        /** An explicit tile grid; without it the image is one tile and no T/O bytes are written. */
        public Builder tileGrid(int tileSize, int overlap) {
            this.tileSize = tileSize;
            this.overlap = overlap;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid field */
        public LciHeader build() {
            if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
                throw new IllegalArgumentException("image size: expected 1.." + MAX_DIMENSION + " per side, found "
                        + width + "x" + height);
            }
            if (q16 < 0 || q16 > 0xFFFF) {
                throw new IllegalArgumentException("q16: expected 0..65535, found " + q16);
            }
            if (tiers.isEmpty() || tiers.size() > MAX_TIERS) {
                throw new IllegalArgumentException("tiers: expected 1.." + MAX_TIERS + ", found " + tiers.size());
            }
            if (tiers.get(0).scaleLog2() != 0) {
                throw new IllegalArgumentException("tier 0: expected scale_log2 0, found " + tiers.get(0).scaleLog2());
            }
            for (int k = 1; k < tiers.size(); k++) {
                Tier p = tiers.get(k - 1);
                Tier t = tiers.get(k);
                if (t.scaleLog2() <= p.scaleLog2() || t.groups() > p.groups()) {
                    throw new IllegalArgumentException("tier " + k + ": expected scale_log2 > " + p.scaleLog2()
                            + " and groups <= " + p.groups() + ", found " + t);
                }
            }
            if (tileSize != 0) {
                new TileGrid(width, height, tileSize, overlap);
            }
            return new LciHeader(this);
        }
    }
}
