package org.lci.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.TileCache;

/**
 * An embeddable HTTP server for a folder of {@code .lci} files:
 * <ul>
 *   <li>IIIF Image API 3.0, level 2 (plus mirroring, arbitrary rotation, upscaling) at
 *       {@code /iiif/3/{id}/...}, where {@code {id}} is the file name without {@code .lci};</li>
 *   <li>the files themselves at {@code /lci/{id}} (HTTP Range honoured) and, with {@code ?tier=k}, the byte
 *       prefix of the file that decodes tier k.</li>
 * </ul>
 * Built on the JDK's own {@code com.sun.net.httpserver} (module {@code jdk.httpserver}): no dependency to ship or
 * keep patched, HTTP/1.1 keep-alive, and enough for an origin behind a CDN. Decoding is bounded by a
 * {@link DecodeGate}; one {@link LciCodec} (one set of ONNX Runtime sessions) serves every request.
 * <pre>{@code
 * try (LciServer server = LciServer.builder(Path.of("images")).port(8182).build().start()) {
 *     System.out.println(server.baseUri());   // http://127.0.0.1:8182/
 *     ...
 * }
 * }</pre>
 */
public final class LciServer implements AutoCloseable {
    private final Builder settings;
    private final LciCodec codec;
    private final boolean ownsCodec;
    private HttpServer http;
    private ExecutorService executor;
    private RequestHandler handler;

    private LciServer(Builder b) {
        this.settings = b;
        this.ownsCodec = b.codec == null;
        // Every decode runs on its request thread with one ONNX thread: the server's parallelism is the
        // number of decode slots, and threads never multiply (N requests x M tile threads x K ONNX threads).
        this.codec = ownsCodec ? LciCodec.create(CodecOptions.builder().intraOpThreads(1).tileThreads(1).build())
                : b.codec;
    }

    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /** Binds the port and starts serving. */
    public synchronized LciServer start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("server already started");
        }
        ImageStore store = new ImageStore(settings.folder);
        http = HttpServer.create(new InetSocketAddress(settings.host, settings.port), 256);
        AtomicInteger n = new AtomicInteger();
        // Request threads only wait on the decode gate or copy bytes; the gate bounds the work in memory.
        executor = new ThreadPoolExecutor(settings.httpThreads, settings.httpThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "lci-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        http.setExecutor(executor);
        TileCache tiles = settings.tileCacheBytes > 0 ? TileCache.ofBytes(settings.tileCacheBytes) : null;
        handler = new RequestHandler(store, new Renderer(codec, settings.limits, tiles),
                new DecodeGate(settings.decodeSlots, settings.maxWaiting, settings.maxWaitMillis), settings.limits,
                settings.publicBase, settings.log);
        http.createContext("/", handler);
        http.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port/}, the root of the IIIF ({@code iiif/3/}) and file ({@code lci/}) paths. */
    public String baseUri() {
        String host = http.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : http.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** Stops accepting requests, lets those in flight finish (up to 5 s), then frees the codec it created. */
    @Override
    public synchronized void close() {
        if (http != null) {
            try {
                handler.drainForClose(5_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                http.stop(0);
                executor.shutdownNow(); // idle request threads only: the in-flight ones have answered
                http = null;
            }
        }
        if (ownsCodec) {
            codec.close(); // waits for ONNX runs in flight; later ones fail with "codec is closed" (503)
        }
    }

    /** Server settings; every one has a default fit for one machine. */
    public static final class Builder {
        private final Path folder;
        private String host = "127.0.0.1";
        private int port = 8182;
        private int decodeSlots = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxWaiting = 64;
        private long maxWaitMillis = 30_000;
        private int httpThreads = 0;
        private ServerLimits limits = ServerLimits.DEFAULT;
        private long tileCacheBytes = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
        private String publicBase;
        private LciCodec codec;
        private Consumer<String> log = line -> { };

        private Builder(Path folder) {
            this.folder = folder;
        }

        /** Address to bind; 127.0.0.1 by default (use 0.0.0.0 to serve other machines). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port; 0 picks a free one. Default 8182 (the port IIIF servers customarily use). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Decodes at once; default: the number of processors. */
        public Builder decodeSlots(int slots) {
            this.decodeSlots = slots;
            return this;
        }

        /** Requests that may wait for a decode slot, and for how long, before a 503; default 64 and 30 s. */
        public Builder maxWaiting(int requests, long millis) {
            this.maxWaiting = requests;
            this.maxWaitMillis = millis;
            return this;
        }

        /** Request threads; default decode slots + waiting requests + 8 (for file and info requests). */
        public Builder httpThreads(int threads) {
            this.httpThreads = threads;
            return this;
        }

        /**
         * Heap for recently synthesised file tiles, shared by all requests (default 256 MB or a quarter of the
         * heap, whichever is less; 0: none). Tiles overlap,
         * so the IIIF tiles of one view need each file tile up to nine times; the cache synthesises it once.
         */
        public Builder tileCacheBytes(long bytes) {
            this.tileCacheBytes = bytes;
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * The public root the {@code id}s in {@code info.json} and the {@code Link} headers use, e.g.
         * {@code https://images.example.org/} behind a proxy; default: from the request's Host header.
         */
        public Builder publicBase(String uri) {
            this.publicBase = uri == null ? null : uri.endsWith("/") ? uri : uri + "/";
            return this;
        }

        /** A codec the caller owns (closing the server leaves it open); default: one the server creates. */
        public Builder codec(LciCodec codec) {
            this.codec = codec;
            return this;
        }

        /** Receives one access-log line per request (method, path, status, bytes, ms, tier and tiles decoded). */
        public Builder log(Consumer<String> log) {
            this.log = log == null ? line -> { } : log;
            return this;
        }

        public LciServer build() {
            if (httpThreads <= 0) {
                httpThreads = decodeSlots + maxWaiting + 8;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: expected 0..65535, found " + port);
            }
            return new LciServer(this);
        }
    }
}
