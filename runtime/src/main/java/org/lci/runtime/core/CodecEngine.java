package org.lci.runtime.core;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.lci.format.ChannelLayout;
import org.lci.format.LciHeader;
import org.lci.format.LciLimits;
import org.lci.format.LciFormatException;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.format.Rect;
import org.lci.format.Tier;
import org.lci.format.TileGrid;
import org.lci.runtime.entropy.LayerThreads;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.EncodeResult;
import org.lci.runtime.ImageMetadata;
import org.lci.runtime.LatentReport;
import org.lci.runtime.LciCodecException;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ModelPackInfo;
import org.lci.runtime.ProgressListener;
import org.lci.runtime.entropy.EntropyModel;
import org.lci.runtime.image.PixelSink;
import org.lci.runtime.image.PixelSource;
import org.lci.runtime.onnx.SessionFactory;
import org.lci.runtime.pack.ModelPack;

/**
 * The working part of one {@code LciCodec}: its pack runtimes (sessions created once per pack), its tile
 * pool, and the encode / decode / inspect operations. Thread-safe.
 */
public final class CodecEngine implements AutoCloseable {

    private final CodecOptions options;
    private final PackLoader loader;
    private final SessionFactory sessions;
    private final TileWorkers workers;
    private final LayerThreads layerThreads;
    private final Map<String, PackRuntime> runtimes = new HashMap<>();
    private boolean closed;

    /** Finds verified packs by digest (prefix) and names the default one. */
    public interface PackLoader {
        ModelPack load(String digestPrefix) throws IOException;

        ModelPackInfo find(String nameOrDigest) throws IOException;

        ModelPackInfo defaultPack() throws IOException;
    }

    public CodecEngine(CodecOptions options, PackLoader loader) {
        this.options = options;
        this.loader = loader;
        this.sessions = new SessionFactory(options);
        this.workers = new TileWorkers(options.tileThreads());
        // one tile's integer entropy layers: as many threads as ONNX Runtime gets (its 0 = "choose": cores, max 4)
        this.layerThreads = new LayerThreads(options.intraOpThreads() > 0 ? options.intraOpThreads()
                : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public String provider() {
        return sessions.provider();
    }

    private synchronized PackRuntime runtime(String digestPrefix) throws IOException {
        if (closed) {
            throw new org.lci.runtime.CodecClosedException();
        }
        ModelPack pack = loader.load(digestPrefix);
        PackRuntime rt = runtimes.get(pack.digest());
        if (rt == null) {
            rt = new PackRuntime(pack, sessions, layerThreads);
            runtimes.put(pack.digest(), rt);
        }
        return rt;
    }

    public EncodeResult encode(PixelSource source, EncodeOptions options, OutputStream out, ProgressListener listener)
            throws IOException {
        LciLimits limits = this.options.limits();
        if (source.width() > limits.maxWidth() || source.height() > limits.maxHeight()
                || (long) source.width() * source.height() > limits.maxPixels()) {
            throw new LciCodecException("image " + source.width() + "x" + source.height() + " is over the codec's limits ("
                    + limits.maxWidth() + "x" + limits.maxHeight() + ", " + limits.maxPixels()
                    + " pixels): a file of it could not be read back with the same limits");
        }
        if (2 * options.overlap() > options.tileSize()) {
            throw new IllegalArgumentException("overlap: expected at most tile size / 2 = " + options.tileSize() / 2
                    + ", found " + options.overlap());
        }
        // The same tile limit readers apply: never write a file the same limits would refuse.
        String tiles = limits.checkTiles(ImageEncoder.tileGrid(source.width(), source.height(), options));
        if (tiles != null) {
            throw new LciCodecException(tiles + ": a file of it could not be read back with the same limits");
        }
        ModelPackInfo info = options.modelPack() == null ? loader.defaultPack() : loader.find(options.modelPack());
        PackRuntime rt = runtime(info.digest());
        return new ImageEncoder(rt, source, options, listener, workers).encode(out);
    }

    /** Header and chunk facts of a file. */
    public LciInfo info(RandomAccessSource source) throws IOException {
        try (LciReader r = LciReader.open(source, options.limits())) {
            LciHeader h = r.header();
            TileGrid g = r.tileGrid();
            List<LciInfo.Chunk> chunks = new ArrayList<>();
            r.chunks().forEach(c -> chunks.add(new LciInfo.Chunk(c.type(), c.length())));
            return new LciInfo(h.width(), h.height(), h.channelLayout() == ChannelLayout.GRAY,
                    h.channelLayout().hasAlpha(), h.q16(), g.tileSize(), g.overlap(), g.columns(), g.rows(),
                    h.tierCount(), r.finestCompleteTier(), h.packDigestPrefixHex(), chunks, metadata(r),
                    h.tiers().stream().map(Tier::scaleLog2).toList());
        }
    }

    static ImageMetadata metadata(LciReader r) {
        // The reader's accessors return fresh copies already: adopt them instead of copying once more.
        return ImageMetadata.adopt(r.iccProfile().orElse(null), r.exif().orElse(null), r.xmp().orElse(null));
    }

    /** An opened file with the decode geometry worked out. */
    public final class Decoding implements AutoCloseable {
        private final LciReader reader;
        private final DecodeOptions request;
        private final Rect region;
        /** The tiles the region needs and the segments of each the tier reads. */
        private final int[] tiles;
        private final int need;

        private Decoding(LciReader reader, DecodeOptions request) throws IOException {
            this.reader = reader;
            this.request = request;
            LciHeader h = reader.header();
            if (request.tier() >= h.tierCount()) {
                throw new LciCodecException("tier " + request.tier() + ": expected 0.." + (h.tierCount() - 1)
                        + ", the file has " + h.tierCount() + " tiers");
            }
            int s = h.tier(request.tier()).scaleLog2();
            TileGrid g = reader.tileGrid();
            // T <= 4096 and 2·O <= T were checked when the header was read (TileGrid, SPEC.md section 4).
            Rectangle r = request.region();
            if (r == null) {
                region = new Rect(0, 0, g.width(s), g.height(s));
            } else {
                try {
                    region = g.coveringRect(new Rect(r.x, r.y, r.width, r.height), s);
                }
                catch (IllegalArgumentException e) {
                    throw new LciCodecException(e.getMessage());
                }
            }
            // A truncated file: refuse before anything sized by the image is allocated.
            tiles = org.lci.runtime.image.TileCompositor.tilesFor(g, s, region);
            need = h.tier(request.tier()).segments();
            for (int t : tiles) {
                for (int seg = 0; seg < need; seg++) {
                    if (!reader.isSegmentAvailable(t, seg)) {
                        throw new LciFormatException("tier " + request.tier() + ": tile " + t + " "
                                + LciReader.segmentName(seg) + " segment expected, found the file truncated at "
                                + reader.length() + " bytes (finest complete tier: " + reader.finestCompleteTier() + ")");
                    }
                }
            }
        }

        /**
         * Reads every segment this decode needs and checks its CRC-32C, without decoding: a small damaged file
         * that declares a huge image is refused before the caller allocates the image (the CRCs are in the
         * index, so this costs one extra read of the needed segments).
         *
         * @throws org.lci.format.LciIntegrityException naming the first damaged tile and segment
         */
        public void verifySegments() throws IOException {
            for (int t : tiles) {
                for (int seg = 0; seg < need; seg++) {
                    reader.readSegment(t, seg);
                }
            }
        }

        /** Width and height of the decoded rectangle (tier pixels). */
        public int width() {
            return region.width();
        }

        public int height() {
            return region.height();
        }

        public ChannelLayout layout() {
            return reader.header().channelLayout();
        }

        public ImageMetadata metadata() {
            return CodecEngine.metadata(reader);
        }

        /** Decodes into the sink; false when cancelled. */
        public boolean decode(PixelSink sink, ProgressListener listener) throws IOException {
            return decoder().decode(sink, listener);
        }

        private ImageDecoder decoder() throws IOException {
            return new ImageDecoder(runtime(reader.header().packDigestPrefixHex()), reader, request.tier(), region,
                    workers, request.tileCache(), request.tileCacheKey());
        }

        /** Entropy-decodes the latents of every tile the region needs. */
        public LatentReport latents() throws IOException {
            ImageDecoder d = decoder();
            TileGrid g = reader.tileGrid();
            int s = reader.header().tier(request.tier()).scaleLog2();
            MessageDigest symbols = sha256();
            MessageDigest values = sha256();
            List<LatentReport.TileLatents> out = new ArrayList<>();
            for (int t : org.lci.runtime.image.TileCompositor.tilesFor(g, s, region)) {
                EntropyModel.TileLatents l = d.latents(t);
                digestInts(symbols, l.zSymbols());
                digestInts(symbols, l.ySymbols());
                float[] y = l.yHat();
                int[] bits = new int[y.length];
                for (int i = 0; i < y.length; i++) {
                    bits[i] = Float.floatToRawIntBits(y[i]);
                }
                digestInts(values, bits);
                out.add(new LatentReport.TileLatents(t % g.columns(), t / g.columns(), l.channels(), l.h(), l.w(),
                        l.zSymbols(), l.ySymbols(), y));
            }
            HexFormat hex = HexFormat.of();
            return new LatentReport(hex.formatHex(symbols.digest()), hex.formatHex(values.digest()), out);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Opens a file for decoding tier/region {@code request}. */
    public Decoding open(RandomAccessSource source, DecodeOptions request) throws IOException {
        LciReader reader = LciReader.open(source, options.limits());
        try {
            return new Decoding(reader, request);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static void digestInts(MessageDigest md, int[] v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) {
            int x = v[i];
            b[4 * i] = (byte) x;
            b[4 * i + 1] = (byte) (x >>> 8);
            b[4 * i + 2] = (byte) (x >>> 16);
            b[4 * i + 3] = (byte) (x >>> 24);
        }
        md.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        runtimes.values().forEach(PackRuntime::close);
        runtimes.clear();
        workers.close();
        layerThreads.close();
    }
}
