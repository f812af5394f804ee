package org.lci.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes and answers requests: IIIF ({@code /iiif/3/...}) and files ({@code /lci/...}). Every response carries
 * CORS headers; GET and HEAD are answered alike (HEAD without a body); errors are one line of text with a 4xx
 * (503 when busy), never a stack trace.
 */
final class RequestHandler implements HttpHandler {
    static final String IIIF_PREFIX = "/iiif/3/";
    static final String FILE_PREFIX = "/lci/";
    static final String LCI_MEDIA_TYPE = "image/x-lci";
    private static final String CACHE_CONTROL = "public, max-age=86400";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:\\d{1,5})?");
    /** IMF-fixdate (RFC 9110): two-digit day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.US);
    private static final Pattern TIER_QUERY = Pattern.compile("tier=(\\d{1,2})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private final ImageStore store;
    private final Renderer renderer;
    private final DecodeGate gate;
    private final ServerLimits limits;
    private final String publicBase;
    private final Consumer<String> log;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closing;

    RequestHandler(ImageStore store, Renderer renderer, DecodeGate gate, ServerLimits limits, String publicBase,
                   Consumer<String> log) {
        this.store = store;
        this.renderer = renderer;
        this.gate = gate;
        this.limits = limits;
        this.publicBase = publicBase;
        this.log = log;
    }

    /**
     * Refuses new requests (503) and waits until those in flight have answered, at most {@code millis}.
     * (The JDK server's own {@code stop(delay)} waits the whole delay on Java 17, even when idle.)
     */
    void drainForClose(long millis) throws InterruptedException {
        closing = true;
        long end = System.nanoTime() + millis * 1_000_000;
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    /** What a request turned into, for the access log. */
    private static final class Outcome {
        int status;
        long bytes;
        String note = "";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        Outcome outcome = new Outcome();
        inFlight.incrementAndGet();
        try (exchange) {
            drain(exchange.getRequestBody());
            Headers out = exchange.getResponseHeaders();
            out.set("Access-Control-Allow-Origin", "*");
            out.set("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag, Link, Accept-Ranges");
            String method = exchange.getRequestMethod();
            if (method.equals("OPTIONS")) {
                out.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                out.set("Access-Control-Allow-Headers", "Range, If-None-Match, If-Modified-Since, Accept");
                out.set("Access-Control-Max-Age", "86400");
                out.set("Allow", "GET, HEAD, OPTIONS");
                send(exchange, outcome, 204, null, null);
                return;
            }
            try {
                if (closing) {
                    throw new HttpError(503, "the server is shutting down");
                }
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    out.set("Allow", "GET, HEAD, OPTIONS");
                    throw new HttpError(405, "method " + method + " not allowed: use GET or HEAD");
                }
                route(exchange, outcome);
            }
            catch (HttpError e) {
                if (e.status() == 503) {
                    out.set("Retry-After", "1");
                }
                out.set("Cache-Control", "no-store");
                outcome.note = e.getMessage();
                send(exchange, outcome, e.status(), "text/plain; charset=utf-8",
                        (e.status() + " " + reason(e.status()) + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            catch (IOException e) {
                throw e; // the client went away: nothing to answer
            }
            catch (RuntimeException | OutOfMemoryError e) {
                // A bug or an exhausted heap must not take the server down or leak a trace to the client.
                outcome.note = "internal error: " + e;
                send(exchange, outcome, e instanceof OutOfMemoryError ? 503 : 500, "text/plain; charset=utf-8",
                        "internal error\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            outcome.note = "client connection: " + e.getMessage();
        }
        finally {
            inFlight.decrementAndGet();
            log.accept(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
                    + " " + outcome.status + " " + outcome.bytes + "B " + (System.nanoTime() - start) / 1_000_000 + "ms"
                    + (outcome.note.isEmpty() ? "" : " " + outcome.note));
        }
    }

    private void route(HttpExchange exchange, Outcome outcome) throws HttpError, IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith(IIIF_PREFIX)) {
            List<String> parts = segments(path.substring(IIIF_PREFIX.length()));
            if (parts.size() == 1) {
                ImageStore.Entry entry = store.find(parts.get(0));
                exchange.getResponseHeaders().set("Location", base(exchange) + "iiif/3/" + encode(entry.id()) + "/info.json");
                send(exchange, outcome, 303, null, null);
            }
            else if (parts.size() == 2 && parts.get(1).equals("info.json")) {
                info(exchange, outcome, store.find(parts.get(0)));
            }
            else if (parts.size() == 5) {
                ImageRequest request = ImageRequest.parse(parts.get(1), parts.get(2), parts.get(3), parts.get(4));
                image(exchange, outcome, store.find(parts.get(0)), request);
            }
            else {
                throw HttpError.badRequest("expected /iiif/3/{id}/info.json or /iiif/3/{id}/{region}/{size}/{rotation}"
                        + "/{quality}.{format}");
            }
        }
        else if (path.startsWith(FILE_PREFIX)) {
            List<String> parts = segments(path.substring(FILE_PREFIX.length()));
            if (parts.size() != 1) {
                throw HttpError.notFound("expected /lci/{id} or /lci/{id}?tier=k");
            }
            file(exchange, outcome, store.find(parts.get(0)), tierParameter(exchange.getRequestURI().getRawQuery()));
        }
        else {
            throw HttpError.notFound("nothing at " + (path.length() > 80 ? path.substring(0, 80) + "..." : path)
                    + "; images are at /iiif/3/{id}/info.json and /lci/{id}");
        }
    }

    private void info(HttpExchange exchange, Outcome outcome, ImageStore.Entry entry) throws HttpError, IOException {
        String base = base(exchange);
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean ld = accept != null && accept.contains("application/ld+json");
        String etag = etag(entry, "info", base + (ld ? " ld" : ""));
        exchange.getResponseHeaders().add("Link", "<" + InfoJson.LEVEL2_PROFILE + ">;rel=\"profile\"");
        exchange.getResponseHeaders().set("Vary", "Accept"); // the media type follows the Accept header
        if (notModified(exchange, outcome, entry, etag)) {
            return;
        }
        Renderer.Facts facts = renderer.facts(entry);
        String json = InfoJson.build(base + "iiif/3/" + encode(entry.id()), facts, limits,
                base + "lci/" + encode(entry.id()));
        String type = ld ? "application/ld+json;profile=\"" + InfoJson.CONTEXT + "\"" : "application/json";
        send(exchange, outcome, 200, type, json.getBytes(StandardCharsets.UTF_8));
    }

    private void image(HttpExchange exchange, Outcome outcome, ImageStore.Entry entry, ImageRequest request)
            throws HttpError, IOException {
        Renderer.Facts facts = renderer.facts(entry);
        ImageRequest.Plan plan = request.resolve(facts.info().width(), facts.info().height(),
                facts.info().grayscale(), limits);
        String base = base(exchange);
        Headers out = exchange.getResponseHeaders();
        out.add("Link", "<" + base + "iiif/3/" + encode(entry.id()) + "/" + plan.canonical() + ">;rel=\"canonical\"");
        out.add("Link", "<" + InfoJson.LEVEL2_PROFILE + ">;rel=\"profile\"");
        if (notModified(exchange, outcome, entry, etag(entry, "image", plan.canonical()))) {
            return;
        }
        Renderer.Rendered rendered;
        try (DecodeGate.Slot slot = gate.enter()) {
            rendered = renderer.render(entry, facts, plan);
        }
        outcome.note = "tier=" + rendered.tier() + " tiles=" + rendered.tiles() + " decoded=" + rendered.decoded().width
                + "x" + rendered.decoded().height;
        send(exchange, outcome, 200, plan.format().mediaType, rendered.bytes());
    }

    /** The file, or with {@code tier} its tier prefix; a single {@code Range} is honoured. */
    private void file(HttpExchange exchange, Outcome outcome, ImageStore.Entry entry, Integer tier)
            throws HttpError, IOException {
        long length = entry.size();
        if (tier != null) {
            length = renderer.prefixLength(entry, tier);
            if (length < 0) {
                throw new HttpError(422, "image '" + entry.id() + "' is truncated before the end of tier " + tier);
            }
            outcome.note = "tier=" + tier + " prefix=" + length + "/" + entry.size();
        }
        try (FileChannel channel = FileChannel.open(entry.path(), StandardOpenOption.READ)) {
            // The bytes sent must be those of the version the ETag and lengths describe: a writer may replace the
            // file (by rename) at any moment; the open channel keeps the version it opened.
            if (channel.size() != entry.size()
                    || java.nio.file.Files.getLastModifiedTime(entry.path()).toMillis() != entry.lastModifiedMillis()) {
                throw new HttpError(503, "image '" + entry.id() + "' changed while being served; retry");
            }
            sendFile(exchange, outcome, entry, tier, length, channel);
        }
    }

    private void sendFile(HttpExchange exchange, Outcome outcome, ImageStore.Entry entry, Integer tier, long length,
                          FileChannel channel) throws HttpError, IOException {
        Headers out = exchange.getResponseHeaders();
        String etag = etag(entry, "file", String.valueOf(tier));
        out.set("Accept-Ranges", "bytes");
        if (notModified(exchange, outcome, entry, etag)) {
            return;
        }
        long from = 0;
        long to = length - 1;
        int status = 200;
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) { // else: ignore it, send all
                if (m.group(1).isEmpty()) {
                    from = Math.max(0, length - Long.parseLong(m.group(2)));
                }
                else {
                    from = Long.parseLong(m.group(1));
                    to = m.group(2).isEmpty() ? length - 1 : Math.min(length - 1, Long.parseLong(m.group(2)));
                }
                if (from >= length || from > to) {
                    out.set("Content-Range", "bytes */" + length);
                    throw new HttpError(416, "range '" + range + "' lies outside the " + length + " bytes");
                }
                status = 206;
                out.set("Content-Range", "bytes " + from + "-" + to + "/" + length);
            }
        }
        out.set("Content-Type", LCI_MEDIA_TYPE);
        out.set("Content-Disposition", "inline; filename=\"" + entry.id() + (tier == null ? "" : "-tier" + tier) + ".lci\"");
        long count = to - from + 1;
        boolean head = exchange.getRequestMethod().equals("HEAD");
        out.set("Content-Length", Long.toString(count));
        outcome.status = status;
        exchange.sendResponseHeaders(status, head || count == 0 ? -1 : count); // 0 would mean "chunked" to the JDK
        if (!head) {
            OutputStream body = exchange.getResponseBody();
            long done = 0;
            var target = Channels.newChannel(body);
            while (done < count) {
                long n = channel.transferTo(from + done, count - done, target);
                if (n <= 0) {
                    throw new IOException("file shrank while being served");
                }
                done += n;
            }
            outcome.bytes = count;
        }
    }

    /** Handles If-None-Match / If-Modified-Since; sets ETag, Last-Modified and Cache-Control. */
    private boolean notModified(HttpExchange exchange, Outcome outcome, ImageStore.Entry entry, String etag)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("ETag", etag);
        out.set("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(entry.lastModifiedMillis()).atOffset(ZoneOffset.UTC)));
        out.set("Cache-Control", CACHE_CONTROL);
        String match = exchange.getRequestHeaders().getFirst("If-None-Match");
        boolean fresh;
        if (match != null) {
            fresh = match.trim().equals("*") || List.of(match.split(",")).stream().map(String::trim)
                    .map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals);
        }
        else {
            String since = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            fresh = false;
            if (since != null) {
                try {
                    long s = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(since.trim())).getEpochSecond();
                    fresh = entry.lastModifiedMillis() / 1000 <= s;
                }
                catch (DateTimeParseException e) {
                    fresh = false; // an unparsable date is ignored (RFC 9110)
                }
            }
        }
        if (fresh) {
            send(exchange, outcome, 304, null, null);
        }
        return fresh;
    }

    /** Strong ETag: the file's version plus what was asked of it (same inputs, same bytes). */
    private static String etag(ImageStore.Entry entry, String kind, String what) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((entry.version() + "\n" + kind + "\n" + what + "\n" + Renderer.JPEG_QUALITY)
                    .getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String base(HttpExchange exchange) {
        if (publicBase != null) {
            return publicBase;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            // A missing or odd Host header must not end up in JSON or headers: use the address we listen on.
            var local = exchange.getLocalAddress();
            String h = local.getAddress().getHostAddress();
            host = (h.contains(":") ? "[" + h + "]" : h) + ":" + local.getPort();
        }
        return "http://" + host + "/";
    }

    private static Integer tierParameter(String query) throws HttpError {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Matcher m = TIER_QUERY.matcher(query);
        if (!m.matches()) {
            throw HttpError.badRequest("query: expected tier=k (k a tier index), found '"
                    + (query.length() > 64 ? query.substring(0, 64) + "..." : query) + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Percent-decoded path segments; an encoded '/' or a malformed escape is a 400. */
    private static List<String> segments(String rawPath) throws HttpError {
        String[] raw = rawPath.split("/", -1);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            try {
                decoded[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException e) {
                throw HttpError.badRequest("malformed percent-encoding in the path");
            }
            if (decoded[i].contains("/") || decoded[i].contains("\\") || decoded[i].indexOf('\0') >= 0) {
                throw HttpError.badRequest("a path segment may not contain '/', '\\' or NUL");
            }
        }
        return List.of(decoded);
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void send(HttpExchange exchange, Outcome outcome, int status, String type, byte[] body)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (type != null) {
            out.set("Content-Type", type);
        }
        boolean noBody = body == null || exchange.getRequestMethod().equals("HEAD") || status == 304 || status == 204;
        if (body != null && status != 304 && status != 204) {
            out.set("Content-Length", Integer.toString(body.length));
        }
        outcome.status = status;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
            outcome.bytes = body.length;
        }
    }

    private static void drain(InputStream in) throws IOException {
        // GET and HEAD carry no body worth reading; read at most a little so keep-alive stays in step.
        in.readNBytes(64 * 1024);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 416 -> "Range Not Satisfiable";
            case 422 -> "Unprocessable Content";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
