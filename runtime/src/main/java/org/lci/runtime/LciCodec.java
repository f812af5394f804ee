package org.lci.runtime;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import org.lci.format.ChannelLayout;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.core.CodecEngine;
import org.lci.runtime.image.ImageSink;
import org.lci.runtime.image.PixelSources;
import org.lci.runtime.pack.ModelPack;

/**
 * The LCI codec: encodes rasters to {@code .lci} bytes and decodes them back, on ONNX Runtime with the
 * deterministic entropy path in Java. One instance is thread-safe and meant to be shared: it creates the
 * ONNX Runtime sessions of each model pack once, on first use. Close it to free native memory (the
 * {@link #shared()} instance lives as long as the JVM).
 */
public final class LciCodec implements AutoCloseable {

    /** Largest stream {@link #decode(InputStream, DecodeOptions, ProgressListener)} reads into memory. */
    private static final int MAX_STREAM_BYTES = Integer.MAX_VALUE - 8;

    private static volatile LciCodec shared;

    private final CodecOptions options;
    private final CodecEngine engine;
    private volatile ModelPackRegistry registry;

    private LciCodec(CodecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.registry = options.registry();
        this.engine = new CodecEngine(options, new CodecEngine.PackLoader() {
            @Override
            public ModelPack load(String digestPrefix) throws IOException {
                return packs().load(digestPrefix);
            }

            @Override
            public ModelPackInfo find(String nameOrDigest) throws IOException {
                return packs().find(nameOrDigest);
            }

            @Override
            public ModelPackInfo defaultPack() throws IOException {
                return packs().defaultPack();
            }
        });
    }

    /** The JVM-wide codec with {@link CodecOptions#defaults()}, created on first call. */
    public static LciCodec shared() {
        LciCodec c = shared;
        if (c == null) {
            synchronized (LciCodec.class) {
                c = shared;
                if (c == null) {
                    c = new LciCodec(CodecOptions.defaults());
                    shared = c;
                }
            }
        }
        return c;
    }

    /**
     * Closes the JVM-wide codec (its ONNX Runtime sessions and thread pools) if one was created; the next
     * {@link #shared()} creates a new one. For containers that undeploy applications: call it (through the
     * plugin's {@code LciImageIO.deregister()}) when the application stops, so that no thread or native
     * session keeps its class loader alive.
     */
    public static void closeShared() {
        LciCodec c;
        synchronized (LciCodec.class) {
            c = shared;
            shared = null;
        }
        if (c != null) {
            c.engine.close(); // waits for runs in flight (PackSessions), later ones fail with "codec is closed"
        }
    }

    /** A new codec; close it when done. */
    public static LciCodec create(CodecOptions options) {
        return new LciCodec(options);
    }

    public CodecOptions options() {
        return options;
    }

    /**
     * The model packs this codec can use ({@link ModelPackRegistry#defaults()} when the options named none,
     * built on first use).
     *
     * @throws java.io.UncheckedIOException if a directory in {@code lci.model.path} cannot be read
     */
    public ModelPackRegistry registry() {
        try {
            return packs();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ModelPackRegistry packs() throws IOException {
        ModelPackRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = ModelPackRegistry.defaults();
                    registry = r;
                }
            }
        }
        return r;
    }

    /** The ONNX Runtime execution provider in use: "CPU" or "CUDA"; null before the first model run. */
    public String provider() {
        return engine.provider();
    }

    /**
     * Encodes an image. Colour models with 1–4 bands of unsigned samples are read from the raster
     * (gray, gray+alpha, RGB, RGBA; 16-bit samples become {@code round(v / 257)}); anything else
     * (indexed, premultiplied, other colour spaces) goes through {@code getRGB}, tile by tile.
     *
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public EncodeResult encode(BufferedImage image, EncodeOptions options, OutputStream out,
                               ProgressListener listener) throws IOException {
        return engine.encode(PixelSources.of(image), options, out, orNone(listener));
    }

    /**
     * Encodes a raster whose bands are read as: 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA. Samples of
     * n bits map to 8 bits by {@code round(v * 255 / (2^n - 1))} (16-bit: {@code round(v / 257)}).
     *
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public EncodeResult encode(Raster raster, EncodeOptions options, OutputStream out,
                               ProgressListener listener) throws IOException {
        return engine.encode(PixelSources.of(raster), options, out, orNone(listener));
    }

    /** Decodes a whole file held in memory. */
    public BufferedImage decode(byte[] source, DecodeOptions options, ProgressListener listener) throws IOException {
        return decode(RandomAccessSource.of(source), options, listener);
    }

    /**
     * Decodes into images bigger than this (bytes) first check the CRCs of every segment they need
     * ({@link #verifySegments}); the ImageIO reader applies the same threshold to its destinations.
     */
    public static final long VERIFY_BEFORE_ALLOCATING_BYTES = 64L << 20;

    /**
     * Decodes from random-access bytes (a file, say): only the header, index and the segments of the tiles
     * and tier asked for are read. The source is not closed.
     */
    public BufferedImage decode(RandomAccessSource source, DecodeOptions options, ProgressListener listener)
            throws IOException {
        try (CodecEngine.Decoding d = engine.open(unclosable(source), options)) {
            ChannelLayout layout = d.layout();
            long bytes = (long) d.width() * d.height() * layout.channels();
            if (bytes > Integer.MAX_VALUE - 8 || bytes > Runtime.getRuntime().maxMemory()) {
                throw new LciCodecException("decoded image of " + d.width() + "x" + d.height() + " needs " + bytes
                        + " bytes, more than one raster or this JVM's heap (" + Runtime.getRuntime().maxMemory()
                        + " bytes) holds: decode a region, a coarser tier, or into a destination with decodeInto");
            }
            if (bytes > VERIFY_BEFORE_ALLOCATING_BYTES) {
                d.verifySegments(); // a damaged small file must not make us allocate a huge image first
            }
            BufferedImage image = ImageSink.newImage(d.width(), d.height(), layout == ChannelLayout.GRAY,
                    layout.hasAlpha());
            d.decode(new ImageSink(image, new Point(0, 0)), orNone(listener));
            return image;
        }
    }

    /** Reads the stream to its end and decodes it. */
    public BufferedImage decode(InputStream source, DecodeOptions options, ProgressListener listener)
            throws IOException {
        return decode(source.readNBytes(MAX_STREAM_BYTES), options, listener);
    }

    /**
     * Decodes into a caller-given image: the decoded rectangle (see {@link DecodeOptions}) lands with its
     * top-left corner at {@code offset} in {@code destination}; pixels falling outside are dropped.
     * The destination may have any colour model ({@code setRGB} is used when it is not 8-bit gray/RGB/RGBA).
     *
     * @return true when every tile was decoded, false when the listener cancelled (tiles done so far are written)
     */
    public boolean decodeInto(byte[] source, DecodeOptions options, BufferedImage destination, Point offset,
                              ProgressListener listener) throws IOException {
        return decodeInto(RandomAccessSource.of(source), options, destination, offset, listener);
    }

    /** As {@link #decodeInto(byte[], DecodeOptions, BufferedImage, Point, ProgressListener)}, from random-access bytes. */
    public boolean decodeInto(RandomAccessSource source, DecodeOptions options, BufferedImage destination,
                              Point offset, ProgressListener listener) throws IOException {
        try (CodecEngine.Decoding d = engine.open(unclosable(source), options)) {
            return d.decode(new ImageSink(destination, offset == null ? new Point(0, 0) : offset), orNone(listener));
        }
    }

    /**
     * Reads every segment a decode with {@code options} needs and checks its CRC-32C, running no model. Callers
     * about to allocate a large destination call it first, so that a small damaged file declaring a huge image
     * fails with an {@link org.lci.format.LciIntegrityException} (naming tile and segment) before the allocation.
     * {@link #decode} does this itself for images over 64 MB.
     */
    public void verifySegments(RandomAccessSource source, DecodeOptions options) throws IOException {
        try (CodecEngine.Decoding d = engine.open(unclosable(source), options)) {
            d.verifySegments();
        }
    }

    /** Header, tiers, tiles and chunks of a file, without running any model. */
    public LciInfo readInfo(byte[] source) throws IOException {
        return readInfo(RandomAccessSource.of(source));
    }

    /** Header, tiers, tiles and chunks from random-access bytes (reads the header and chunk table only). */
    public LciInfo readInfo(RandomAccessSource source) throws IOException {
        return engine.info(unclosable(source));
    }

    /** Reads the stream to its end and returns its {@link #readInfo(byte[])}. */
    public LciInfo readInfo(InputStream source) throws IOException {
        return readInfo(source.readNBytes(MAX_STREAM_BYTES));
    }

    /**
     * Debug: entropy-decodes the latents of the tiles that {@code options} selects, without running synthesis.
     * Used by the conformance tests; the digests must match on every platform.
     */
    public LatentReport inspectLatents(byte[] source, DecodeOptions options) throws IOException {
        try (CodecEngine.Decoding d = engine.open(RandomAccessSource.of(source), options)) {
            return d.latents();
        }
    }

    /** Frees the ONNX Runtime sessions and the tile pool. The shared codec ignores close. */
    @Override
    public void close() {
        if (this != shared) {
            engine.close();
        }
    }

    private static ProgressListener orNone(ProgressListener l) {
        return l == null ? ProgressListener.NONE : l;
    }

    /** The caller owns the source: closing the reader must not close it. */
    private static RandomAccessSource unclosable(RandomAccessSource s) {
        return new RandomAccessSource() {
            @Override
            public long length() throws IOException {
                return s.length();
            }

            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws IOException {
                s.readFully(position, dst, off, len);
            }
        };
    }
}
