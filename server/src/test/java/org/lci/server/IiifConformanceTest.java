package org.lci.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the IIIF Image API 3.0 level-2 features (and the extras the server claims) against a colour grid, in
 * the manner of the official validator: each request's output is checked for size and for the colour of every
 * grid cell it shows, within the tolerance of a lossy codec.
 */
class IiifConformanceTest {
    /** Per-channel tolerance: the default model at q 0.95 plus JPEG; neighbouring cells differ by >= 40. */
    static final int TOLERANCE = 24;

    @TempDir
    static Path dir;
    static LciServer server;
    static ServerFixture.Client client;
    static final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        ServerFixture.write(dir, "grid.lci", ServerFixture.gridFile());
        // Small output limits keep ^max cheap to check: 2000 per side, 1 Mpx.
        server = LciServer.builder(dir).port(0).decodeSlots(2).limits(new ServerLimits(2000, 2000, 1_000_000, 64L << 20))
                .log(log::add).build().start();
        client = new ServerFixture.Client(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonObject info() throws Exception {
        HttpResponse<byte[]> r = client.get("iiif/3/grid/info.json");
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static BufferedImage image(String request) throws Exception {
        HttpResponse<byte[]> r = client.get("iiif/3/grid/" + request);
        assertThat(r.statusCode()).as(request + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image).as(request).isNotNull();
        return image;
    }

    /**
     * Every output pixel on a 24 x 24 lattice whose source point (by {@code map}, output to full resolution) lies
     * well inside a cell must have that cell's colour.
     */
    static void assertCells(String request, BufferedImage out, BiFunction<Double, Double, double[]> map, boolean gray) {
        int checked = 0;
        for (int j = 0; j < 24; j++) {
            for (int i = 0; i < 24; i++) {
                double ox = (i + 0.5) * out.getWidth() / 24;
                double oy = (j + 0.5) * out.getHeight() / 24;
                double[] p = map.apply(ox, oy);
                if (p == null || p[0] < 0 || p[1] < 0 || p[0] >= ServerFixture.WIDTH || p[1] >= ServerFixture.HEIGHT
                        || ServerFixture.borderDistance(p[0], p[1]) < 14) {
                    continue;
                }
                int want = ServerFixture.colourAt(p[0], p[1]);
                int got = out.getRGB((int) ox, (int) oy);
                if (out.getRaster().getNumBands() == 1) { // getRGB would treat gray samples as linear light
                    int v = out.getRaster().getSample((int) ox, (int) oy, 0);
                    got = v << 16 | v << 8 | v;
                }
                if (gray) {
                    int l = (299 * (want >> 16 & 255) + 587 * (want >> 8 & 255) + 114 * (want & 255) + 500) / 1000;
                    want = l << 16 | l << 8 | l;
                }
                for (int shift = 0; shift <= 16; shift += 8) {
                    assertThat(Math.abs((got >> shift & 255) - (want >> shift & 255)))
                            .as("%s: output (%d, %d) from (%.0f, %.0f): got %06x, want %06x", request, (int) ox, (int) oy,
                                    p[0], p[1], got & 0xFFFFFF, want)
                            .isLessThanOrEqualTo(TOLERANCE);
                }
                checked++;
            }
        }
        assertThat(checked).as(request + ": lattice points checked").isGreaterThan(20);
    }

    /** Checks size and colours of an unrotated request of region (x, y, w, h) in full-resolution pixels. */
    static void check(String request, int x, int y, int w, int h, int outW, int outH) throws Exception {
        BufferedImage out = image(request);
        assertThat(out.getWidth()).as(request + " width").isEqualTo(outW);
        assertThat(out.getHeight()).as(request + " height").isEqualTo(outH);
        assertCells(request, out, (ox, oy) -> new double[] {x + ox * w / outW, y + oy * h / outH}, false);
    }

    @Test
    void infoJsonListsTiersAsSizesAndTheTileGrid() throws Exception {
        JsonObject info = info();
        assertThat(info.get("@context").getAsString()).isEqualTo("http://iiif.io/api/image/3/context.json");
        assertThat(info.get("id").getAsString()).isEqualTo(server.baseUri() + "iiif/3/grid");
        assertThat(info.get("type").getAsString()).isEqualTo("ImageService3");
        assertThat(info.get("protocol").getAsString()).isEqualTo("http://iiif.io/api/image");
        assertThat(info.get("profile").getAsString()).isEqualTo("level2");
        assertThat(info.get("width").getAsInt()).isEqualTo(1000);
        assertThat(info.get("height").getAsInt()).isEqualTo(750);
        JsonArray sizes = info.getAsJsonArray("sizes");
        assertThat(sizes).hasSize(3);
        int[][] want = {{250, 188}, {500, 375}, {1000, 750}};
        for (int k = 0; k < 3; k++) {
            assertThat(sizes.get(k).getAsJsonObject().get("width").getAsInt()).isEqualTo(want[k][0]);
            assertThat(sizes.get(k).getAsJsonObject().get("height").getAsInt()).isEqualTo(want[k][1]);
        }
        JsonObject tiles = info.getAsJsonArray("tiles").get(0).getAsJsonObject();
        assertThat(tiles.get("width").getAsInt()).isEqualTo(ServerFixture.TILE);
        assertThat(tiles.get("scaleFactors").toString()).isEqualTo("[1,2,4]");
        assertThat(info.get("maxArea").getAsLong()).isPositive();
        assertThat(info.getAsJsonArray("extraQualities").toString()).contains("gray", "bitonal", "color");
        assertThat(info.getAsJsonArray("extraFeatures").toString()).contains("mirroring", "sizeUpscaling");
    }

    @Test
    void infoJsonHttpFeatures() throws Exception {
        HttpResponse<byte[]> plain = client.get("iiif/3/grid/info.json");
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(plain.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(plain.headers().allValues("Link")).anyMatch(l -> l.contains("level2.json") && l.contains("profile"));
        HttpResponse<byte[]> ld = client.get("iiif/3/grid/info.json", "Accept", "application/ld+json");
        assertThat(ld.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
        assertThat(ld.headers().firstValue("ETag")).as("each media type its own ETag")
                .isNotEqualTo(plain.headers().firstValue("ETag"));
        HttpResponse<byte[]> redirect = client.get("iiif/3/grid");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValue(server.baseUri() + "iiif/3/grid/info.json");
    }

    @Test
    void regions() throws Exception {
        check("full/max/0/default.png", 0, 0, 1000, 750, 1000, 750);
        check("full/max/0/default.jpg", 0, 0, 1000, 750, 1000, 750);
        check("125,150,300,225/max/0/default.png", 125, 150, 300, 225, 300, 225);
        check("900,700,500,500/max/0/default.png", 900, 700, 100, 50, 100, 50); // clipped to the image
        check("pct:10,20,50,40/max/0/default.png", 100, 150, 500, 300, 500, 300);
        check("pct:12.5,10.5,33.3,33.3/max/0/default.png", 125, 79, 333, 250, 333, 250);
        check("square/max/0/default.png", 125, 0, 750, 750, 750, 750);
    }

    @Test
    void sizes() throws Exception {
        check("full/500,/0/default.png", 0, 0, 1000, 750, 500, 375);
        check("full/,150/0/default.png", 0, 0, 1000, 750, 200, 150);
        check("full/pct:25/0/default.png", 0, 0, 1000, 750, 250, 188);
        check("full/300,300/0/default.png", 0, 0, 1000, 750, 300, 300);   // distorted, as asked
        check("full/!300,300/0/default.png", 0, 0, 1000, 750, 300, 225);  // best fit
        check("100,100,200,150/^400,/0/default.png", 100, 100, 200, 150, 400, 300);
        check("100,100,200,150/^pct:150/0/default.png", 100, 100, 200, 150, 300, 225);
        check("100,100,200,150/^!500,500/0/default.png", 100, 100, 200, 150, 500, 375);
        check("100,100,200,150/^max/0/default.jpg", 100, 100, 200, 150, 1154, 866); // the largest within 1 Mpx
        check("100,100,200,150/!500,500/0/default.png", 100, 100, 200, 150, 200, 150); // never enlarges without ^
    }

    @Test
    void rotationAndMirroring() throws Exception {
        int w = 400;
        int h = 300; // full/400,/ of a 1000 x 750 image: 2.5 full pixels per output pixel
        double f = 2.5;
        BufferedImage r90 = image("full/400,/90/default.png");
        assertThat(r90.getWidth()).isEqualTo(h);
        assertThat(r90.getHeight()).isEqualTo(w);
        assertCells("90", r90, (ox, oy) -> new double[] {oy * f, (h - ox) * f}, false);
        BufferedImage r180 = image("full/400,/180/default.png");
        assertCells("180", r180, (ox, oy) -> new double[] {(w - ox) * f, (h - oy) * f}, false);
        BufferedImage r270 = image("full/400,/270/default.png");
        assertThat(r270.getWidth()).isEqualTo(h);
        assertCells("270", r270, (ox, oy) -> new double[] {(w - oy) * f, ox * f}, false);
        BufferedImage mirrored = image("full/400,/!0/default.png");
        assertCells("!0", mirrored, (ox, oy) -> new double[] {(w - ox) * f, oy * f}, false);
        BufferedImage mirrored90 = image("full/400,/!90/default.png");
        assertCells("!90", mirrored90, (ox, oy) -> new double[] {(w - oy) * f, (h - ox) * f}, false);
        BufferedImage r45 = image("full/400,/45/default.png");
        int side = (int) Math.ceil((w + h) / Math.sqrt(2) - 1e-9);
        assertThat(r45.getWidth()).isEqualTo(side);
        assertThat(r45.getHeight()).isEqualTo(side);
        assertThat(r45.getRGB(0, 0) >>> 24).as("corner outside the rotated image is transparent").isZero();
        double c = side / 2.0;
        assertCells("45", r45, (ox, oy) -> {
            double dx = ox - c;
            double dy = oy - c;
            double s = Math.sqrt(0.5);
            return new double[] {(w / 2.0 + dx * s + dy * s) * f, (h / 2.0 - dx * s + dy * s) * f};
        }, false);
    }

    @Test
    void qualitiesAndFormats() throws Exception {
        BufferedImage gray = image("full/500,/0/gray.png");
        assertCells("gray", gray, (ox, oy) -> new double[] {ox * 2, oy * 2}, true);
        for (int y = 0; y < gray.getHeight(); y += 37) {
            for (int x = 0; x < gray.getWidth(); x += 41) {
                int p = gray.getRGB(x, y);
                assertThat(p >> 16 & 255).isEqualTo(p & 255).isEqualTo(p >> 8 & 255);
            }
        }
        BufferedImage bitonal = image("full/500,/0/bitonal.png");
        for (int y = 0; y < bitonal.getHeight(); y += 7) {
            for (int x = 0; x < bitonal.getWidth(); x += 7) {
                assertThat(bitonal.getRGB(x, y) & 0xFFFFFF).isIn(0, 0xFFFFFF);
            }
        }
        check("full/500,/0/color.png", 0, 0, 1000, 750, 500, 375);
        byte[] png = client.get("iiif/3/grid/full/100,/0/default.png").body();
        byte[] jpg = client.get("iiif/3/grid/full/100,/0/default.jpg").body();
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(jpg).startsWith(0xFF, 0xD8, 0xFF);
        assertThat(client.get("iiif/3/grid/full/100,/0/default.png").headers().firstValue("Content-Type"))
                .hasValue("image/png");
        assertThat(client.get("iiif/3/grid/full/100,/0/default.jpg").headers().firstValue("Content-Type"))
                .hasValue("image/jpeg");
    }

    @Test
    void canonicalLinkHeader() throws Exception {
        assertThat(canonical("full/max/0/default.jpg")).isEqualTo("full/max/0/default.jpg");
        assertThat(canonical("0,0,1000,750/max/0/color.jpg")).isEqualTo("full/max/0/default.jpg");
        assertThat(canonical("pct:10,20,50,40/250,/0.0/default.png")).isEqualTo("100,150,500,300/250,150/0/default.png");
        assertThat(canonical("square/!100,100/!90/gray.jpg")).isEqualTo("125,0,750,750/100,100/!90/gray.jpg");
        assertThat(canonical("0,0,100,100/^200,/0/default.jpg")).isEqualTo("0,0,100,100/^200,200/0/default.jpg");
    }

    static String canonical(String request) throws Exception {
        HttpResponse<byte[]> r = client.get("iiif/3/grid/" + request);
        assertThat(r.statusCode()).isEqualTo(200);
        String prefix = "<" + server.baseUri() + "iiif/3/grid/";
        return r.headers().allValues("Link").stream().filter(l -> l.endsWith("rel=\"canonical\""))
                .map(l -> l.substring(prefix.length(), l.indexOf('>'))).findFirst().orElseThrow();
    }

    @Test
    void badRequestsAre400WithAReason() throws Exception {
        String[] bad = {
            "full/max/0/default.gif", "full/max/0/fancy.jpg", "full/max/0/default", "nonsense/max/0/default.jpg",
            "full/nonsense/0/default.jpg", "full/max/nonsense/default.jpg", "full/max/361/default.jpg",
            "full/max/-90/default.jpg", "0,0,0,10/max/0/default.jpg", "1000,0,10,10/max/0/default.jpg",
            "full/0,/0/default.jpg", "full/2000,/0/default.jpg", "full/pct:200/0/default.jpg",
            "full/,/0/default.jpg", "full/!100,/0/default.jpg", "full/^99999,/0/default.jpg",
            "-1,0,10,10/max/0/default.jpg", "pct:101,0,10,10/max/0/default.jpg", "full/pct:0/0/default.jpg",
            "full/max/0/default.jpg/extra",
            "full/max/45/default.jpg", // 1000x750 turned 45 degrees: 1237x1237, over the 1 Mpx maxArea
        };
        for (String request : bad) {
            HttpResponse<byte[]> r = client.get("iiif/3/grid/" + request);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(request + " -> " + body).isEqualTo(400);
            assertThat(body).as(request).startsWith("400 Bad Request: ").doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void cachingHeadAndPreflight() throws Exception {
        String request = "iiif/3/grid/full/120,/0/default.jpg";
        HttpResponse<byte[]> first = client.get(request);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age");
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(client.get(request).headers().firstValue("ETag")).hasValue(etag);
        assertThat(client.get(request).body()).isEqualTo(first.body());
        assertThat(client.get(request, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(client.get(request, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(client.get(request, "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(client.get("iiif/3/grid/full/121,/0/default.jpg", "If-None-Match", etag).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> head = client.send("HEAD", request);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("ETag")).hasValue(etag);
        HttpResponse<byte[]> preflight = client.send("OPTIONS", request, "Origin", "http://example.org",
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("GET");
        assertThat(client.send("POST", request).statusCode()).isEqualTo(405);
    }

    @Test
    void requestsDecodeTheMatchingTierAndOnlyTheirTiles() throws Exception {
        // IIIF tiles of 256 output pixels: at scale factor 2^k they are answered from tier k. The file's tiles
        // overlap by 32 pixels and are blended there, so a region also needs the neighbours whose coded
        // rectangle (core + overlap) reaches into it: an interior 256-pixel tile needs 3 x 3 file tiles.
        String[][] cases = {
            {"0,0,200,200/200,/0/default.jpg", "tier=0 tiles=1 decoded=200x200"},
            {"0,0,256,256/256,/0/default.jpg", "tier=0 tiles=4 decoded=256x256"},
            {"512,256,256,256/256,/0/default.jpg", "tier=0 tiles=9 decoded=256x256"},
            {"0,0,512,512/256,/0/default.jpg", "tier=1 tiles=9 decoded=256x256"},
            {"512,512,488,238/244,/0/default.jpg", "tier=1 tiles=6 decoded=244x119"},
            {"0,0,1000,750/250,/0/default.jpg", "tier=2 tiles=12 decoded=250x188"},
            {"full/!100,100/0/default.jpg", "tier=2 tiles=12 decoded=250x188"},
            {"full/501,/0/default.jpg", "tier=0 tiles=12 decoded=1000x750"},
        };
        for (String[] c : cases) {
            log.clear();
            assertThat(client.get("iiif/3/grid/" + c[0]).statusCode()).isEqualTo(200);
            assertThat(log).as(c[0]).anyMatch(line -> line.contains("/iiif/3/grid/" + c[0] + " 200 ") && line.endsWith(c[1]));
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void logLinesNameTheRequest() throws IOException, InterruptedException {
        log.clear();
        client.get("iiif/3/grid/full/64,/0/default.jpg");
        assertThat(log).anyMatch(l -> l.startsWith("GET /iiif/3/grid/full/64,/0/default.jpg 200 "));
    }
}
