package org.lci.runtime.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.lci.format.Chunk;
import org.lci.format.LciHeader;
import org.lci.format.LciWriter;
import org.lci.format.Rect;
import org.lci.format.Tier;
import org.lci.format.TileGrid;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.EncodeResult;
import org.lci.runtime.ImageMetadata;
import org.lci.runtime.ProgressListener;
import org.lci.runtime.entropy.EntropyModel;
import org.lci.runtime.entropy.RateDistortionRounding;
import org.lci.runtime.image.PixelSource;
import org.lci.runtime.image.TileInput;
import org.lci.runtime.onnx.PackSessions;
import org.lci.runtime.pack.ModelPack;

/**
 * One encode: reads the source tile by tile (never the whole image at once, except the alpha plane the
 * format stores whole), runs the encoder graph and the deterministic entropy path, and writes the file.
 * A target size is met by bisection on q16 (each probe encodes every tile again).
 */
final class ImageEncoder {

    /** Bisection stops when the q16 interval is this narrow (q step ≈ 0.0002). */
    private static final int Q16_RESOLUTION = 16;

    private final PackRuntime runtime;
    private final PixelSource source;
    private final EncodeOptions options;
    private final ProgressListener listener;
    private final TileWorkers workers;
    private final LciHeader.Builder headerBase;
    private final TileGrid grid;
    private byte[] alpha;

    ImageEncoder(PackRuntime runtime, PixelSource source, EncodeOptions options, ProgressListener listener,
                 TileWorkers workers) {
        this.runtime = runtime;
        this.source = source;
        this.options = options;
        this.listener = listener;
        this.workers = workers;
        int w = source.width();
        int h = source.height();
        ModelPack pack = runtime.pack();
        List<Tier> tiers = new ArrayList<>();
        for (ModelPack.Tier t : pack.tiers()) {
            tiers.add(new Tier(t.scaleLog2(), t.groups()));
        }
        this.headerBase = LciHeader.builder(w, h).channelLayout(source.layout())
                .packDigestPrefix(HexFormat.of().parseHex(pack.digest())).tiers(tiers);
        if (!isOneTile(w, h, options)) {
            headerBase.tileGrid(options.tileSize(), options.overlap());
        }
        this.grid = headerBase.build().tileGrid();
    }

    /** An image no larger than the tile size is coded as one tile, without a tile grid. */
    private static boolean isOneTile(int w, int h, EncodeOptions options) {
        return w <= options.tileSize() && h <= options.tileSize();
    }

    /** The tile grid an encode of a {@code w x h} image with these options writes. */
    static TileGrid tileGrid(int w, int h, EncodeOptions options) {
        return isOneTile(w, h, options) ? TileGrid.singleTile(w, h)
                : new TileGrid(w, h, options.tileSize(), options.overlap());
    }

    EncodeResult encode(OutputStream out) throws IOException {
        int passes;
        int q16;
        byte[][][] segments;
        if (options.targetBytes().isPresent()) {
            long target = options.targetBytes().getAsLong();
            int lo = 0;
            int hi = 65535;
            byte[][][] best = codeTiles(lo);
            passes = 1;
            if (size(lo, best) <= target) {
                while (hi - lo > Q16_RESOLUTION) {
                    int mid = (lo + hi + 1) >>> 1;
                    byte[][][] s = codeTiles(mid);
                    passes++;
                    if (size(mid, s) <= target) {
                        lo = mid;
                        best = s;
                    } else {
                        hi = mid - 1;
                    }
                }
            }
            q16 = lo;
            segments = best;
        } else {
            double q = options.quality().orElse(runtime.pack().defaultQuality());
            q16 = (int) Math.round(Math.max(0, Math.min(1, q)) * 65535);
            segments = codeTiles(q16);
            passes = 1;
        }
        CountingStream counted = new CountingStream(out);
        write(q16, segments, counted);
        return new EncodeResult(counted.count, q16, grid.tileCount(), passes, runtime.pack().digest());
    }

    private long size(int q16, byte[][][] segments) throws IOException {
        CountingStream c = new CountingStream(OutputStream.nullOutputStream());
        write(q16, segments, c);
        return c.count;
    }

    private void write(int q16, byte[][][] segments, OutputStream out) throws IOException {
        LciWriter writer = new LciWriter(headerBase.q16(q16).build(), out);
        for (int t = 0; t < segments.length; t++) {
            for (int s = 0; s < segments[t].length; s++) {
                writer.putSegment(t, s, segments[t][s]);
            }
        }
        ImageMetadata md = options.metadata();
        if (md.icc() != null) {
            writer.addChunk(new Chunk(Chunk.ICC, md.icc()));
        }
        if (md.exif() != null) {
            writer.addChunk(new Chunk(Chunk.EXIF, md.exif()));
        }
        if (md.xmp() != null) {
            writer.addChunk(new Chunk(Chunk.XMP, md.xmp()));
        }
        if (source.layout().hasAlpha()) {
            writer.setAlpha(alphaPlane());
        }
        writer.finish();
    }

    /** The whole alpha plane, read in bands of rows (once per encode). */
    private byte[] alphaPlane() {
        if (alpha != null) {
            return alpha;
        }
        int w = source.width();
        int h = source.height();
        byte[] plane = new byte[Math.multiplyExact(w, h)];
        int band = Math.max(1, Math.min(h, (1 << 22) / Math.max(1, w)));
        for (int y = 0; y < h; y += band) {
            int rows = Math.min(band, h - y);
            byte[] a = new byte[w * rows];
            source.read(new Rect(0, y, w, rows), new byte[3 * w * rows], a);
            System.arraycopy(a, 0, plane, y * w, a.length);
        }
        alpha = plane;
        return plane;
    }

    /** Codes every tile at one quality: [tile][segment] payloads. */
    private byte[][][] codeTiles(int q16) throws IOException {
        float[] gain = runtime.pack().gains().gain(q16);
        RateDistortionRounding rounding = runtime.pack().formatVersion() >= 2
                ? RateDistortionRounding.forInverseGains(runtime.pack().gains().inverseGain(q16))
                : RateDistortionRounding.nearest(runtime.entropy().latentChannels());
        int n = grid.tileCount();
        byte[][][] out = new byte[n][][];
        int[] tiles = new int[n];
        for (int t = 0; t < n; t++) {
            tiles[t] = t;
        }
        boolean done = OrderedTiles.run(tiles, t -> codeTile(t, gain, rounding), (t, s) -> out[t] = s, listener,
                workers.pool(), workers.threads());
        if (!done) {
            throw new CancellationException("encode cancelled by the listener");
        }
        return out;
    }

    private byte[][] codeTile(int tile, float[] gain, RateDistortionRounding rounding) throws IOException {
        Rect r = grid.codedRect(tile);
        int pw = grid.paddedWidth(tile);
        int ph = grid.paddedHeight(tile);
        byte[] rgb = new byte[3 * r.width() * r.height()];
        source.read(r, rgb, null);
        PackSessions.Latents l = runtime.sessions().encode(
                buf -> TileInput.fill(buf, rgb, r.width(), r.height(), pw, ph), ph, pw, gain);
        EntropyModel em = runtime.entropy();
        return em.encode(em.quantize(l.y(), l.z(), ph / 16, pw / 16, rounding));
    }

    /** Counts bytes on their way to the real stream. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
