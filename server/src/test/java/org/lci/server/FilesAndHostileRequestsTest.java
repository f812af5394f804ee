package org.lci.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

/** Byte-prefix and Range serving, damaged files, hostile paths, back-pressure and shutdown under load. */
class FilesAndHostileRequestsTest {
    @TempDir
    static Path dir;
    static byte[] grid;
    static long[] prefix = new long[3];
    static LciServer server;
    static ServerFixture.Client client;

    @BeforeAll
    static void start() throws Exception {
        grid = ServerFixture.gridFile();
        ServerFixture.write(dir, "grid.lci", grid);
        try (LciReader r = LciReader.open(RandomAccessSource.of(grid))) {
            for (int k = 0; k < 3; k++) {
                prefix[k] = r.tierPrefixLength(k);
            }
        }
        byte[] damaged = grid.clone();
        for (int i = 0; i < 64; i++) {
            damaged[(int) prefix[1] + 40 + i] ^= 0x5A; // inside tier 0's layer
        }
        ServerFixture.write(dir, "damaged.lci", damaged);
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        ServerFixture.write(dir, "junk.lci", junk);
        ServerFixture.write(dir, "empty.lci", new byte[0]);
        ServerFixture.write(dir, "cut.lci", Arrays.copyOf(grid, (int) prefix[1] - 100)); // tier 2 only
        ServerFixture.write(dir, "secret.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("sub"));
        ServerFixture.write(dir.resolve("sub"), "inner.lci", grid);
        Path outside = Files.createTempFile("outside", ".lci");
        Files.write(outside, grid);
        outside.toFile().deleteOnExit();
        Files.createSymbolicLink(dir.resolve("escape.lci"), outside);
        BufferedImage gray = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                gray.getRaster().setSample(x, y, 0, x < 48 ? 50 : 200);
            }
        }
        java.io.ByteArrayOutputStream grayFile = new java.io.ByteArrayOutputStream();
        LciCodec.shared().encode(gray, org.lci.runtime.EncodeOptions.builder().quality(0.95).build(), grayFile,
                ProgressListener.NONE);
        ServerFixture.write(dir, "gray.lci", grayFile.toByteArray());
        server = LciServer.builder(dir).port(0).decodeSlots(2).build().start();
        client = new ServerFixture.Client(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tierPrefixIsAValidFileThatDecodesTheTier() throws Exception {
        assertThat(prefix[2]).isLessThan(prefix[1]).isLessThan(prefix[0]).isLessThan(grid.length);
        for (int k = 0; k < 3; k++) {
            HttpResponse<byte[]> r = client.get("lci/grid?tier=" + k);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/x-lci");
            assertThat(r.body()).isEqualTo(Arrays.copyOf(grid, (int) prefix[k]));
            BufferedImage want = LciCodec.shared().decode(grid, DecodeOptions.tier(k), ProgressListener.NONE);
            ImageReader reader = ImageIO.getImageReadersByFormatName("lci").next();
            try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                reader.setInput(in);
                BufferedImage got = reader.read(k);
                assertThat(got.getWidth()).isEqualTo(want.getWidth());
                assertThat(got.getHeight()).isEqualTo(want.getHeight());
                assertThat(got.getRGB(0, 0, got.getWidth(), got.getHeight(), null, 0, got.getWidth()))
                        .as("tier %d from its prefix equals tier %d from the whole file", k, k)
                        .isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
            }
            finally {
                reader.dispose();
            }
            assertThat(ImageIO.read(new java.io.ByteArrayInputStream(r.body()))).as("plain ImageIO.read").isNotNull();
        }
        assertThat(client.get("lci/grid?tier=3").statusCode()).isEqualTo(400);
        assertThat(client.get("lci/grid?tier=x").statusCode()).isEqualTo(400);
        assertThat(client.get("lci/cut?tier=1").statusCode()).isEqualTo(422);
    }

    @Test
    void graySourcesKeepTheirValues() throws Exception {
        // Gray decodes hold coded values; read as linear light (getRGB) 50 would come out near 124.
        for (String q : List.of("default.png", "gray.png", "default.jpg")) {
            BufferedImage out = ImageIO.read(new java.io.ByteArrayInputStream(client.get("iiif/3/gray/full/max/0/" + q).body()));
            int left = out.getRaster().getNumBands() == 1 ? out.getRaster().getSample(20, 32, 0) : out.getRGB(20, 32) & 255;
            int right = out.getRaster().getNumBands() == 1 ? out.getRaster().getSample(76, 32, 0) : out.getRGB(76, 32) & 255;
            assertThat(left).as(q).isBetween(42, 58);
            assertThat(right).as(q).isBetween(192, 208);
        }
    }

    @Test
    void rawFileHonoursRanges() throws Exception {
        HttpResponse<byte[]> all = client.get("lci/grid");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).isEqualTo(grid);
        assertThat(all.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        HttpResponse<byte[]> head = client.get("lci/grid", "Range", "bytes=0-99");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.body()).isEqualTo(Arrays.copyOf(grid, 100));
        assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + grid.length);
        HttpResponse<byte[]> tail = client.get("lci/grid", "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(grid, grid.length - 10, grid.length));
        HttpResponse<byte[]> open = client.get("lci/grid", "Range", "bytes=" + (grid.length - 5) + "-");
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(grid, grid.length - 5, grid.length));
        HttpResponse<byte[]> past = client.get("lci/grid", "Range", "bytes=" + grid.length + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + grid.length);
        // A range of a tier prefix counts within the prefix.
        HttpResponse<byte[]> tierTail = client.get("lci/grid?tier=2", "Range", "bytes=-4");
        assertThat(tierTail.headers().firstValue("Content-Range")).hasValue("bytes " + (prefix[2] - 4) + "-"
                + (prefix[2] - 1) + "/" + prefix[2]);
        // If-Range with another version's ETag: the whole representation.
        assertThat(client.get("lci/grid", "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
        String etag = all.headers().firstValue("ETag").orElseThrow();
        assertThat(client.get("lci/grid", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(client.get("lci/grid?tier=1", "If-None-Match", etag).statusCode()).as("each tier its own ETag")
                .isEqualTo(200);
        HttpResponse<byte[]> headRequest = client.send("HEAD", "lci/grid");
        assertThat(headRequest.body()).isEmpty();
    }

    @Test
    void damagedFilesAre422AndNameTheProblem() throws Exception {
        for (String path : List.of("iiif/3/junk/info.json", "iiif/3/empty/info.json", "iiif/3/junk/full/max/0/default.jpg",
                "iiif/3/damaged/full/max/0/default.jpg", "lci/junk?tier=0")) {
            HttpResponse<byte[]> r = client.get(path);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(path + " -> " + body).isEqualTo(422);
            assertThat(body).as(path).contains("cannot be decoded", "'").doesNotContain("\tat ");
        }
        assertThat(client.get("iiif/3/damaged/full/250,/0/default.jpg").statusCode())
                .as("the coarse tiers of a file damaged in tier 0's layer still serve").isEqualTo(200);
        // A truncated file serves what it has: its info lists the complete tiers only, pixels come from them.
        String info = new String(client.get("iiif/3/cut/info.json").body(), StandardCharsets.UTF_8);
        assertThat(info).contains("\"width\": 250").doesNotContain("\"width\": 500");
        assertThat(client.get("iiif/3/cut/full/max/0/default.jpg").statusCode()).isEqualTo(200);
    }

    @Test
    void hostilePathsNeverReachOtherFiles() throws Exception {
        String[] paths = {
            "iiif/3/..%2F..%2F..%2Fetc%2Fpasswd/info.json", "iiif/3/../grid/info.json", "iiif/3/.hidden/info.json",
            "iiif/3/grid%00/info.json", "iiif/3/" + "a".repeat(300) + "/info.json",
            "lci/..%2Fgrid", "iiif/3/sub%2Finner/info.json", "iiif/3/grid%5C..%5Csecret/info.json",
        };
        for (String path : paths) {
            HttpResponse<byte[]> r = client.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("\tat ", "Exception");
        }
        assertThat(client.rawStatus("iiif/3/%zz/info.json")).isEqualTo(400);
        assertThat(client.rawStatus("iiif/3/a b/info.json")).isIn(400, 404); // the request line splits at the space
        for (String path : List.of("iiif/3/missing/info.json", "iiif/3/secret/info.json", "iiif/3/sub/info.json",
                "iiif/3/escape/info.json", "lci/escape", "lci/secret", "", "favicon.ico", "iiif/3/")) {
            assertThat(client.get(path).statusCode()).as(path).isIn(400, 404);
        }
        assertThat(client.get("iiif/3/escape/info.json").statusCode()).as("symlink out of the folder").isEqualTo(404);
    }

    @Test
    void overloadIsRefusedWith503AndRetryAfter() throws Exception {
        try (LciServer tight = LciServer.builder(dir).port(0).decodeSlots(1).maxWaiting(0, 0).build().start()) {
            ServerFixture.Client c = new ServerFixture.Client(tight.baseUri());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> c.get("iiif/3/grid/full/" + (900 + n) + ",/0/default.png")));
                }
                int ok = 0;
                int busy = 0;
                for (Future<HttpResponse<byte[]>> f : futures) {
                    HttpResponse<byte[]> r = f.get();
                    assertThat(r.statusCode()).isIn(200, 503);
                    if (r.statusCode() == 503) {
                        busy++;
                        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    }
                    else {
                        ok++;
                    }
                }
                assertThat(ok).isPositive();
                assertThat(busy).as("one slot, nobody may wait: concurrent decodes are refused").isPositive();
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closingWhileRequestsDecodeEndsEveryRequestCleanly() throws Exception {
        LciServer closing = LciServer.builder(dir).port(0).decodeSlots(4).build().start();
        ServerFixture.Client c = new ServerFixture.Client(closing.baseUri());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    try {
                        return c.get("iiif/3/grid/full/" + (800 + n) + ",/0/default.jpg").statusCode();
                    }
                    catch (IOException e) {
                        return -1; // the connection closed with the server: a clean end for a client
                    }
                }));
            }
            Thread.sleep(300);
            closing.close();
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isIn(-1, 200, 503);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThatThrownBy(() -> c.get("iiif/3/grid/info.json")).isInstanceOf(IOException.class);
    }

    @Test
    void gateBoundsWaiters() throws Exception {
        DecodeGate gate = new DecodeGate(1, 1, 50);
        try (DecodeGate.Slot held = gate.enter()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(gate::enter).isInstanceOf(HttpError.class)
                    .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(503));
            assertThat((System.nanoTime() - t0) / 1_000_000).as("waited its turn first").isGreaterThanOrEqualTo(40);
        }
        try (DecodeGate.Slot again = gate.enter()) {
            assertThat(again).isNotNull(); // the slot came back
        }
    }
}
