package org.lci.runtime;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How to encode one image. Rate is set either by {@code quality} in [0,1] (stored as
 * {@code q16 = round(q * 65535)}) or by {@code targetBytes}: the largest quality whose file fits, found by
 * bisection on q16 (at most 17 full encodes of the model, so a target costs up to ~17× one encode; the
 * analysis transform runs once per tile, only the cheap gain/quantise/entropy steps repeat — see API.md).
 * Neither set: the model pack's default quality. Immutable.
 */
public final class EncodeOptions {

    /** Default tile size T (pixels, multiple of 64): a Kodak image is one tile. */
    public static final int DEFAULT_TILE_SIZE = 1024;
    /** Largest tile size: a tile's model activations must fit in memory (a decoder refuses larger tiles). */
    public static final int MAX_TILE_SIZE = org.lci.format.TileGrid.MAX_TILE_SIZE;
    /** Default overlap O (pixels, multiple of 16) around each core tile. */
    public static final int DEFAULT_OVERLAP = 32;

    private final double quality;
    private final long targetBytes;
    private final int tileSize;
    private final int overlap;
    private final ImageMetadata metadata;
    private final String modelPack;

    private EncodeOptions(Builder b) {
        this.quality = b.quality;
        this.targetBytes = b.targetBytes;
        this.tileSize = b.tileSize;
        this.overlap = b.overlap;
        this.metadata = b.metadata;
        this.modelPack = b.modelPack;
    }

    public static EncodeOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Quality in [0,1], if set. */
    public OptionalDouble quality() {
        return Double.isNaN(quality) ? OptionalDouble.empty() : OptionalDouble.of(quality);
    }

    /** Target file size in bytes, if set. */
    public OptionalLong targetBytes() {
        return targetBytes > 0 ? OptionalLong.of(targetBytes) : OptionalLong.empty();
    }

    public int tileSize() {
        return tileSize;
    }

    public int overlap() {
        return overlap;
    }

    public ImageMetadata metadata() {
        return metadata;
    }

    /** Model pack by name or digest (hex prefix); null means the registry's default pack. */
    public String modelPack() {
        return modelPack;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.quality = quality;
        b.targetBytes = targetBytes;
        return b.tileSize(tileSize).overlap(overlap).metadata(metadata).modelPack(modelPack);
    }

    public static final class Builder {
        private double quality = Double.NaN;
        private long targetBytes;
        private int tileSize = DEFAULT_TILE_SIZE;
        private int overlap = DEFAULT_OVERLAP;
        private ImageMetadata metadata = ImageMetadata.EMPTY;
        private String modelPack;

        private Builder() { }

        /** Quality in [0,1]; clears any target size. */
        public Builder quality(double q) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quality: expected 0..1, found " + q);
            }
            this.quality = q;
            this.targetBytes = 0;
            return this;
        }

        /** Target file size in bytes (&gt; 0); clears any quality. */
        public Builder targetBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("targetBytes: expected > 0, found " + bytes);
            }
            this.targetBytes = bytes;
            this.quality = Double.NaN;
            return this;
        }

        /** Tile size T: a multiple of 64 in [64, {@value #MAX_TILE_SIZE}]. */
        public Builder tileSize(int t) {
            if (t < 64 || t > MAX_TILE_SIZE || t % 64 != 0) {
                throw new IllegalArgumentException("tileSize: expected a multiple of 64 in 64.." + MAX_TILE_SIZE
                        + ", found " + t);
            }
            this.tileSize = t;
            return this;
        }

        /** Overlap O: a multiple of 16 in [0, 256], at most half the tile size (checked at encode). */
        public Builder overlap(int o) {
            if (o < 0 || o > 256 || o % 16 != 0) {
                throw new IllegalArgumentException("overlap: expected a multiple of 16 in 0..256, found " + o);
            }
            this.overlap = o;
            return this;
        }

        public Builder metadata(ImageMetadata metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        public Builder modelPack(String nameOrDigest) {
            this.modelPack = nameOrDigest;
            return this;
        }

        public EncodeOptions build() {
            return new EncodeOptions(this);
        }
    }
}
