package org.lci.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unchanged third-party IIIF server — Hymir 5.1.13 from Maven Central, generic over ImageIO — started with
 * {@code cli/target/lci.jar} on its {@code loader.path}: its {@code info.json} lists the file's tiers as
 * {@code sizes} and its tile grid as {@code tiles}, a thumbnail request decodes only the smallest tier, and a
 * scale-factor-2 tile request decodes tier 1 and only that region (the plugin's DEBUG line per decode says
 * which tier and region; decodes are counted, not timed).
 */
class HymirTest {

    @TempDir
    static Path dir;

    private static Process server;
    private static Path log;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startHymir() throws Exception {
        Path root = Fixtures.repoRoot();
        Path lciJar = root.resolve("cli/target/lci.jar");
        String hymir = System.getProperty("hymir.jar", "");
        assumeTrue(Files.isRegularFile(lciJar), "cli/target/lci.jar not built (run mvn verify from the root)");
        assumeTrue(!hymir.isEmpty() && Files.isRegularFile(Path.of(hymir)), "Hymir jar not resolved by Maven");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path images = Files.createDirectories(dir.resolve("images"));
        Process encode = new ProcessBuilder(java, "-Djava.awt.headless=true", "-jar", lciJar.toString(), "encode",
                root.resolve("testdata/images/lakeside.png").toString(), "--tile-size", "128", "-q", "60",
                "-o", images.resolve("lake.lci").toString()).redirectErrorStream(true).start();
        encode.getInputStream().readAllBytes();
        assertThat(encode.waitFor()).isZero();

        port = freePort();
        Path config = dir.resolve("hymir.yml");
        Files.writeString(config, String.join("\n",
                "resourceRepository:",
                "  resolved:",
                "    patterns:",
                "      - pattern: ^([a-z0-9-]+)$",
                "        substitutions:",
                "          - 'file:" + images.toAbsolutePath() + "/$1.lci'",
                "server:",
                "  address: 127.0.0.1",
                "  port: " + port,
                "  tomcat:",
                "    accesslog:",
                "      enabled: false",
                "management:",
                "  server:",
                "    port: " + freePort(),
                "    address: 127.0.0.1",
                "logging:",
                "  level:",
                "    org.lci: DEBUG",
                ""));
        log = dir.resolve("hymir.log");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-Djava.awt.headless=true",
                "-Dloader.path=" + lciJar, "-cp", hymir, "org.springframework.boot.loader.PropertiesLauncher",
                "--spring.config.additional-location=file:" + config.toAbsolutePath()));
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            assertThat(server.isAlive()).as("Hymir exited; log:%n%s", Files.readString(log)).isTrue();
            try {
                if (get("/image/v2/lake/info.json").statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("Hymir did not answer within 180 s").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stopHymir() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> decodeLines() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("LCI decode: ")).toList();
    }

    @Test
    void infoJsonListsTheTiersAsSizesAndTheTileGrid() throws Exception {
        JsonObject info = JsonParser.parseString(new String(get("/image/v2/lake/info.json").body())).getAsJsonObject();
        assertThat(info.get("width").getAsInt()).isEqualTo(384);
        JsonArray sizes = info.getAsJsonArray("sizes");
        assertThat(sizes).hasSize(3);
        int[][] expected = {{384, 256}, {192, 128}, {96, 64}};
        for (int i = 0; i < 3; i++) {
            JsonObject s = sizes.get(i).getAsJsonObject();
            assertThat(new int[] {s.get("width").getAsInt(), s.get("height").getAsInt()}).containsExactly(expected[i]);
        }
        JsonObject tiles = info.getAsJsonArray("tiles").get(0).getAsJsonObject();
        assertThat(tiles.get("width").getAsInt()).isEqualTo(128);
        assertThat(tiles.getAsJsonArray("scaleFactors").toString()).isEqualTo("[1,2,4]");
    }

    @Test
    void aThumbnailDecodesOnlyTheSmallestTierAndATileOnlyItsRegion() throws Exception {
        int before = decodeLines().size();
        HttpResponse<byte[]> thumb = get("/image/v2/lake/full/96,/0/default.jpg");
        assertThat(thumb.statusCode()).isEqualTo(200);
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(t.getWidth()).isEqualTo(96);
        List<String> lines = decodeLines();
        assertThat(lines.subList(before, lines.size())).hasSize(1).allMatch(l -> l.contains("LCI decode: tier 2 (96x64)"));

        before = lines.size();
        HttpResponse<byte[]> tile = get("/image/v2/lake/0,0,256,256/128,/0/default.jpg");   // scale factor 2
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(tile.body())).getWidth()).isEqualTo(128);
        lines = decodeLines();
        assertThat(lines.subList(before, lines.size())).hasSize(1)
                .allMatch(l -> l.contains("LCI decode: tier 1 (192x128)") && l.contains("region 0,0,128,128"));
    }
}
