package org.lci.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the synthesis output of recently decoded tiles (per file, tier and tile), least recently used first
 * out, within a byte budget. Tiles overlap and are blended, so a region that ends on a tile edge also needs
 * the neighbouring tiles: an image server answering the tiles of a deep-zoom viewer would otherwise
 * synthesise each file tile up to nine times. A cached tile gives exactly the pixels a new synthesis would on
 * this machine (the same session, the same input). Thread-safe; share one per codec or server.
 * <p>Use with {@link DecodeOptions#withTileCache(TileCache, String)}, naming the file with a key that changes
 * whenever its bytes do (a path plus size and modification time), or with {@link DecodeOptions#withTileCache(TileCache)},
 * which names each tile by a SHA-256 of its coded data (for callers that see only a stream).
 */
public final class TileCache {
    private final long maxBytes;
    private final LinkedHashMap<Key, float[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    record Key(String source, int tier, int tile) { }

    private TileCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A cache holding at most {@code maxBytes} of tile outputs (a full-size 1024 tile is about 14 MB). */
    public static TileCache ofBytes(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("tile cache size: expected >= 0 bytes, found " + maxBytes);
        }
        return new TileCache(maxBytes);
    }

    /** The cached synthesis output, or null. The array is shared: read it, never write it. */
    public synchronized float[] get(String source, int tier, int tile) {
        float[] v = entries.get(new Key(source, tier, tile));
        if (v == null) {
            misses++;
        }
        else {
            hits++;
        }
        return v;
    }

    /** Stores a tile's synthesis output (not copied: the caller must not change it afterwards). */
    public synchronized void put(String source, int tier, int tile, float[] xHat) {
        long size = 4L * xHat.length;
        if (size > maxBytes) {
            return;
        }
        float[] old = entries.put(new Key(source, tier, tile), xHat);
        bytes += size - (old == null ? 0 : 4L * old.length);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Key, float[]> eldest = it.next();
            bytes -= 4L * eldest.getValue().length;
            it.remove();
        }
    }

    /** Drops every tile (the counters stay). */
    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    /** Bytes held now. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    @Override
    public synchronized String toString() {
        return "TileCache[" + entries.size() + " tiles, " + bytes + " of " + maxBytes + " bytes, " + hits + " hits, "
                + misses + " misses]";
    }
}
