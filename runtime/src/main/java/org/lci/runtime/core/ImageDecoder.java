package org.lci.runtime.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.lci.format.LciFormatException;
import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.Rect;
import org.lci.format.Tier;
import org.lci.format.TileGrid;
import org.lci.runtime.LciCodecException;
import org.lci.runtime.ProgressListener;
import org.lci.runtime.TileCache;
import org.lci.runtime.entropy.EntropyModel;
import org.lci.runtime.image.PixelSink;
import org.lci.runtime.image.TileCompositor;
import org.lci.runtime.pack.ModelPack;

/**
 * One decode of tier k over a region: for each tile the region needs, reads the tier's segments, runs the
 * deterministic entropy path, the tier's synthesis graph, and blends the pixels into the sink in tile order.
 */
final class ImageDecoder {

    private final PackRuntime runtime;
    private final LciReader reader;
    private final int tier;
    private final Rect region;
    private final TileWorkers workers;
    private final TileCache cache;
    private final String cacheKey;

    /**
     * @param region the decoded rectangle in tier-k pixels, inside the tier-k image
     * @param cache  tile synthesis outputs to reuse and keep under {@code cacheKey}, or null
     */
    ImageDecoder(PackRuntime runtime, LciReader reader, int tier, Rect region, TileWorkers workers, TileCache cache,
                 String cacheKey) throws LciCodecException {
        this.runtime = runtime;
        this.reader = reader;
        this.tier = tier;
        this.region = region;
        this.workers = workers;
        this.cache = cache;
        // The pack is part of what the pixels depend on: the same file bytes decode alike only with the same pack.
        // No key: each tile is named by a hash of its content (contentKey).
        this.cacheKey = cache == null || cacheKey == null ? null : cacheKey + "|" + runtime.pack().info().digest();
        checkTiers(runtime.pack(), reader.header());
    }

    /** The header's tiers must be the pack's: same scale and group count for each tier. */
    static void checkTiers(ModelPack pack, LciHeader header) throws LciCodecException {
        List<Tier> tiers = header.tiers();
        boolean ok = tiers.size() <= pack.tiers().size() && header.channelGroups() == pack.groups().length;
        for (int k = 0; ok && k < tiers.size(); k++) {
            ok = tiers.get(k).scaleLog2() == pack.tiers().get(k).scaleLog2()
                    && tiers.get(k).groups() == pack.tiers().get(k).groups();
        }
        if (!ok) {
            throw new LciCodecException("file header tiers " + tiers + " do not match model pack " + pack.info().name()
                    + " (" + pack.groups().length + " groups, tiers " + pack.tiers().stream()
                    .map(t -> "(scale_log2 " + t.scaleLog2() + ", " + t.groups() + " groups)").toList() + ")");
        }
    }

    /** Decodes into the sink; returns false when cancelled (tiles done so far are in the sink). */
    boolean decode(PixelSink sink, ProgressListener listener) throws IOException {
        TileGrid grid = reader.tileGrid();
        int scale = reader.header().tier(tier).scaleLog2();
        TileCompositor compositor = new TileCompositor(grid, scale, region, sink);
        byte[] alpha = regionAlpha(grid, scale);
        float[] inverseGain = runtime.pack().gains().inverseGain(reader.header().q16());
        int[] tiles = TileCompositor.tilesFor(grid, scale, region);
        boolean complete = OrderedTiles.run(tiles, t -> synthesize(t, inverseGain), (t, xHat) -> {
            compositor.commit(t, xHat);
            writeAlpha(grid, t, scale, alpha, sink);
        }, listener, workers.pool(), workers.threads());
        if (!complete) {
            compositor.flush();
        }
        return complete;
    }

    /** Entropy-decodes one tile's latents for this tier. */
    EntropyModel.TileLatents latents(int tile) throws IOException {
        return latents(tile, reader.readTier(tile, tier));
    }

    private EntropyModel.TileLatents latents(int tile, byte[][] segments) throws IOException {
        TileGrid grid = reader.tileGrid();
        int h = grid.paddedHeight(tile) / 16;
        int w = grid.paddedWidth(tile) / 16;
        try {
            return runtime.entropy().decode(Arrays.asList(segments), reader.header().tier(tier).groups(), h, w);
        } catch (LciFormatException e) {
            throw new LciFormatException("tile " + tile + ": " + e.getMessage(), e);
        }
    }

    private float[] synthesize(int tile, float[] inverseGain) throws IOException {
        if (cache == null) {
            return synthesize(tile, reader.readTier(tile, tier), inverseGain);
        }
        // A named file is looked up before its segments are read; otherwise the segments (read and CRC-checked
        // anyway) name the tile.
        byte[][] segments = cacheKey == null ? reader.readTier(tile, tier) : null;
        String key = cacheKey != null ? cacheKey : contentKey(tile, segments);
        float[] cached = cache.get(key, tier, tile);
        if (cached != null) {
            return cached;
        }
        float[] xHat = synthesize(tile, segments != null ? segments : reader.readTier(tile, tier), inverseGain);
        cache.put(key, tier, tile, xHat); // the compositor only reads it
        return xHat;
    }

    /**
     * SHA-256 of everything a tile's synthesis output depends on: the header (size, quality, tiers, tile grid),
     * the tile's number (its rectangle), its segments for this tier, the pack and the sessions' settings. A checksum would not do: a
     * crafted file could match another file's CRCs and have its own pixels served under the other's name.
     */
    private String contentKey(int tile, byte[][] segments) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        sha.update(reader.header().toBytes());
        ByteBuffer fields = ByteBuffer.allocate(12 + 4 * segments.length);
        fields.putInt(tile).putInt(tier).putInt(segments.length);
        for (byte[] s : segments) {
            fields.putInt(s.length);                // lengths first: the concatenation is then unambiguous
        }
        sha.update(fields.array());
        for (byte[] s : segments) {
            sha.update(s);
        }
        sha.update(runtime.pack().info().digest().getBytes(StandardCharsets.US_ASCII));
        // Codecs on other devices or settings share a cache without sharing pixels that may differ in the last bit.
        sha.update(runtime.sessions().outputIdentity().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private float[] synthesize(int tile, byte[][] segments, float[] inverseGain) throws IOException {
        EntropyModel.TileLatents l = latents(tile, segments);
        float[] y = l.yHat();
        int plane = l.h() * l.w();
        for (int c = 0; c < l.channels(); c++) {
            float g = inverseGain[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                y[i] *= g;
            }
        }
        return runtime.sessions().synthesize(tier, y, l.h(), l.w());
    }

    /**
     * The alpha of the decoded region at tier scale, {@code region.width() * region.height()} bytes: each tier pixel
     * is the rounded mean {@code (2S + n) / (2n)} of the full-size alpha over its 2^s × 2^s block (SPEC.md 8.3).
     * The plane is streamed row by row and only the region's rows are summed, so memory is the region's, not the
     * plane's. Null when the file has no alpha (opaque).
     */
    private byte[] regionAlpha(TileGrid grid, int scale) throws IOException {
        if (!reader.header().channelLayout().hasAlpha()) {
            return null;
        }
        int fw = grid.width();
        int fh = grid.height();
        int rw = region.width();
        int firstRow = region.y() << scale;
        int endRow = (int) Math.min(fh, (long) region.y1() << scale);
        long[] sums = new long[rw];
        int[] counts = new int[rw];
        byte[] out = new byte[rw * region.height()];
        reader.alphaRows(endRow, (fy, row) -> {
            if (fy < firstRow) {
                return;
            }
            for (int tx = 0; tx < rw; tx++) {
                int x0 = (region.x() + tx) << scale;
                int x1 = Math.min(fw, (region.x() + tx + 1) << scale);
                for (int fx = x0; fx < x1; fx++) {
                    sums[tx] += row[fx] & 0xFF;
                }
                counts[tx] += x1 - x0;
            }
            int ty = fy >> scale;
            if (fy == Math.min(fh, (ty + 1) << scale) - 1) { // last full-size row of this tier row
                int base = (ty - region.y()) * rw;
                for (int tx = 0; tx < rw; tx++) {
                    out[base + tx] = (byte) ((2 * sums[tx] + counts[tx]) / (2L * counts[tx]));
                }
                java.util.Arrays.fill(sums, 0);
                java.util.Arrays.fill(counts, 0);
            }
        });
        return out;
    }

    /** Alpha of the tile's core inside the region, from {@link #regionAlpha} (opaque when null). */
    private void writeAlpha(TileGrid grid, int tile, int scale, byte[] alpha, PixelSink sink) {
        Rect core = grid.coreRect(tile, scale);
        int x0 = Math.max(core.x(), region.x());
        int x1 = Math.min(core.x1(), region.x1());
        int y0 = Math.max(core.y(), region.y());
        int y1 = Math.min(core.y1(), region.y1());
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int[] row = new int[x1 - x0];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                row[x - x0] = alpha == null ? 255 : alpha[(y - region.y()) * region.width() + x - region.x()] & 0xFF;
            }
            sink.writeAlpha(x0 - region.x(), y - region.y(), row.length, row);
        }
    }
}
