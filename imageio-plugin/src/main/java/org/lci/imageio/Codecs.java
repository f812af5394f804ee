package org.lci.imageio;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.Device;
import org.lci.runtime.LciCodec;
import org.lci.runtime.TileCache;

import java.util.Locale;

/**
 * The runtime codecs the plugin uses: the JVM-wide {@link LciCodec#shared()} for the CPU, and one CUDA (or AUTO) codec
 * created on first request. Codecs hold ONNX Runtime sessions, so they are shared, never made per image.
 */
final class Codecs {
    private static volatile LciCodec cuda; // CUDA or AUTO; one per JVM
    private static final System.Logger LOG = System.getLogger(Codecs.class.getName());
    /** The JVM-wide tile cache of readers, sized by {@link LciImageReader#TILE_CACHE_PROPERTY}; null: none. */
    private static final TileCache TILES = tileCacheFromProperty();

    private Codecs() { }

    /**
     * Closes the codecs the plugin created (the JVM-wide CPU codec and the CUDA one) and empties the JVM-wide tile
     * cache; later reads make new codecs.
     */
    static synchronized void closeAll() {
        if (TILES != null) {
            TILES.clear();                  // a deregistered plugin holds no tile memory
        }
        LciCodec c = cuda;
        cuda = null;
        if (c != null) {
            c.close();
        }
        LciCodec.closeShared();
    }

    static LciCodec cpu() {
        return LciCodec.shared();
    }

    static LciCodec forDevice(Device device) {
        if (device == Device.CPU) {
            return cpu();
        }
        LciCodec codec = cuda;
        if (codec == null) {
            synchronized (Codecs.class) {
                codec = cuda;
                if (codec == null) {
                    // The runtime falls back to the CPU (with one log line) when CUDA cannot start.
                    cuda = codec = LciCodec.create(CodecOptions.builder().device(device).build());
                }
            }
        }
        return codec;
    }

    /** The JVM-wide tile cache readers use unless their param names another, or null (the property is unset or 0). */
    static TileCache tileCache() {
        return TILES;
    }

    private static TileCache tileCacheFromProperty() {
        String value = null;
        try {
            value = System.getProperty(LciImageReader.TILE_CACHE_PROPERTY);
            if (value == null || value.isBlank()) {
                return null;
            }
            long bytes = parseBytes(value);
            return bytes > 0 ? TileCache.ofBytes(bytes) : null;
        }
        catch (RuntimeException e) {
            // A bad setting (or a security manager refusing the property) must not make every read fail: say so
            // once and read without a cache.
            LOG.log(System.Logger.Level.WARNING, "LCI ImageIO plugin: ignoring " + LciImageReader.TILE_CACHE_PROPERTY
                    + "=" + value + " (" + e.getMessage() + "); reading without a tile cache");
            return null;
        }
    }

    /** "268435456", "256m", "2g", "512k" (binary units) -> bytes. */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits.trim());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a byte count such as 268435456 or 256m, found '" + text + "'");
        }
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("expected a byte count from 0 to 2^63-1, found '" + text + "'");
        }
        return n << shift;
    }
}
