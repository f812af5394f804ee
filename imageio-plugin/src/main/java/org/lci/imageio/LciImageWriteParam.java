package org.lci.imageio;

import org.lci.runtime.Device;

import javax.imageio.ImageWriteParam;
import java.util.Locale;
import java.util.Objects;

/**
 * Write parameters for LCI.
 * <p>
 * Generic callers see a compressing writer like JPEG's: compression types (the model packs, default
 * first) and a quality in [0, 1], 0.75 by default. LCI's own settings (target size in bytes, device,
 * tile size) are on this class; a target size, when set, wins over the quality.
 */
public class LciImageWriteParam extends ImageWriteParam {
    /** Quality used when the caller sets none; the same default as the JDK's JPEG writer. */
    public static final float DEFAULT_QUALITY = 0.75f;
    public static final int DEFAULT_TILE_SIZE = org.lci.runtime.EncodeOptions.DEFAULT_TILE_SIZE;

    private static final float[] QUALITY_VALUES = {0f, 0.25f, 0.5f, 0.75f, 1f};
    private static final String[] QUALITY_DESCRIPTIONS = {"Smallest", "Low", "Medium", "Good", "Best"};

    private long targetSizeBytes;
    private Device device = Device.CPU;
    private int tileSize = DEFAULT_TILE_SIZE;

    public LciImageWriteParam(Locale locale, String[] compressionTypes) {
        super(locale);
        canWriteCompressed = true;
        canWriteTiles = false;
        canWriteProgressive = false;
        this.compressionTypes = compressionTypes.clone();
        compressionMode = MODE_COPY_FROM_METADATA;
        compressionType = compressionTypes[0];
        compressionQuality = DEFAULT_QUALITY;
    }

    @Override
    public void unsetCompression() {
        super.unsetCompression();
        // Keep a usable default even when a caller clears the compression settings.
        compressionType = compressionTypes[0];
        compressionQuality = DEFAULT_QUALITY;
    }

    @Override
    public boolean isCompressionLossless() {
        super.isCompressionLossless(); // performs the state checks the contract demands
        return false;
    }

    @Override
    public String[] getCompressionQualityDescriptions() {
        super.getCompressionQualityDescriptions();
        return QUALITY_DESCRIPTIONS.clone();
    }

    @Override
    public float[] getCompressionQualityValues() {
        super.getCompressionQualityValues();
        return QUALITY_VALUES.clone();
    }

    /**
     * Quality actually used: the explicit one in {@link #MODE_EXPLICIT}, otherwise the default.
     * Unlike {@link #getCompressionQuality()} this never throws, so the writer can always ask.
     */
    public float effectiveQuality() {
        return compressionMode == MODE_EXPLICIT ? compressionQuality : DEFAULT_QUALITY;
    }

    /** Model pack name actually used (the compression type in explicit mode, else the default). */
    public String effectiveModel() {
        return compressionMode == MODE_EXPLICIT && compressionType != null ? compressionType : compressionTypes[0];
    }

    /** @param bytes target file size; 0 clears it (quality decides). */
    public void setTargetSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("target size must be >= 0 bytes: " + bytes);
        }
        targetSizeBytes = bytes;
    }

    /** @return target file size in bytes, 0 when unset. */
    public long getTargetSize() {
        return targetSizeBytes;
    }

    /** @param device where the networks run; CUDA falls back to the CPU when it cannot start. */
    public void setDevice(Device device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    public Device getDevice() {
        return device;
    }

    /** @param tileSize tile edge in pixels, a positive multiple of 64. */
    public void setTileSize(int tileSize) {
        if (tileSize <= 0 || tileSize % 64 != 0) {
            throw new IllegalArgumentException("tile size must be a positive multiple of 64: " + tileSize);
        }
        this.tileSize = tileSize;
    }

    public int getTileSize() {
        return tileSize;
    }
}
