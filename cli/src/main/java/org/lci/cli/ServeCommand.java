package org.lci.cli;

import org.lci.runtime.LciCodec;
import org.lci.server.LciServer;
import org.lci.server.ServerLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Serve a folder of .lci files over HTTP until interrupted (Ctrl-C):",
                "  IIIF Image API 3.0 (level 2) at http://HOST:PORT/iiif/3/{id}/info.json, {id} = file name without .lci;",
                "  the files at /lci/{id} (HTTP Range), and the byte prefix that decodes tier k at /lci/{id}?tier=k.",
                "One line per request goes to standard output (method, path, status, bytes, ms, tier and tiles decoded)."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LciCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder whose *.lci files are served (not its subfolders).")
    Path folder;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8182", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 serves other machines).")
    String host;

    @Option(names = "--max-waiting", paramLabel = "N", defaultValue = "64",
            description = "Requests that may wait for a decoder before the server answers 503 (default: ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Option(names = "--max-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a request may wait for a decoder before a 503 (default: ${DEFAULT-VALUE}).")
    int maxWaitSeconds;

    @Option(names = "--public-base", paramLabel = "URL",
            description = "Public root URL for the ids in info.json behind a proxy, e.g. https://img.example.org/ (default: from the Host header).")
    String publicBase;

    @Option(names = "--max-area", paramLabel = "PIXELS", defaultValue = "16777216",
            description = "Largest output image in pixels (IIIF maxArea; default: ${DEFAULT-VALUE}).")
    long maxArea;

    @Option(names = "--max-size", paramLabel = "PIXELS", defaultValue = "8192",
            description = "Largest output width and height (IIIF maxWidth/maxHeight; default: ${DEFAULT-VALUE}).")
    int maxSize;

    @Option(names = "--tile-cache", paramLabel = "MB",
            description = "Heap for recently decoded file tiles, shared by all requests (default: 256 or a quarter of"
                    + " the heap, whichever is less; 0: none).")
    Long tileCacheMb;

    @Option(names = "--quiet", description = "No request log.")
    boolean quiet;

    @Mixin
    CodecSettings codecSettings;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DIR: not a folder: " + folder);
        }
        int decoders = codecSettings.threads > 0 ? codecSettings.threads : Runtime.getRuntime().availableProcessors();
        var out = parent.streams().out();
        CountDownLatch stopped = new CountDownLatch(1);
        LciServer.Builder settings = LciServer.builder(folder).host(host).port(port).decodeSlots(decoders)
                .maxWaiting(maxWaiting, maxWaitSeconds * 1000L).publicBase(publicBase)
                .limits(new ServerLimits(maxSize, maxSize, maxArea, Math.max(64L << 20, maxArea)))
                .log(quiet ? null : line -> {
                    synchronized (out) {
                        out.println(line);
                    }
                });
        if (tileCacheMb != null) {
            if (tileCacheMb < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tile-cache: expected 0 or more MB, found "
                        + tileCacheMb);
            }
            settings.tileCacheBytes(tileCacheMb << 20);
        }
        try (LciCodec codec = codecSettings.open(decoders);
             LciServer server = Shutdown.track(settings.codec(codec).build().start())) {
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "lci-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("lci serve: " + folder.toAbsolutePath().normalize() + " at " + server.baseUri() + "iiif/3/{id}/info.json"
                    + " and " + server.baseUri() + "lci/{id}[?tier=k] (" + decoders + " decoders; Ctrl-C stops)");
            out.flush();
            try {
                stopped.await(); // until SIGINT/SIGTERM, or until an embedding caller interrupts this thread
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook runs
                }
            }
        }
        return 0;
    }
}
