package org.lci.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The lci command end to end, on real files in a temporary folder. */
class CliTest {
    private static final byte[] SIGNATURE = {(byte) 0x8B, 'L', 'C', 'I', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    private Path png;

    @BeforeEach
    void samplePicture() throws IOException {
        png = dir.resolve("picture.png");
        ImageIO.write(picture(72, 40), "png", png.toFile());
    }

    @Test
    void encodeThenDecode() throws IOException {
        Path lci = dir.resolve("picture.lci");
        Cli encode = new Cli();
        assertThat(encode.run("encode", png.toString(), "-o", lci.toString(), "-q", "60")).isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(lci), 8)).isEqualTo(SIGNATURE);
        assertThat(encode.out()).contains("72x40");

        Path decoded = dir.resolve("decoded.png");
        assertThat(new Cli().run("decode", lci.toString(), "-o", decoded.toString())).isZero();
        BufferedImage image = ImageIO.read(decoded.toFile());
        assertThat(image.getWidth()).isEqualTo(72);
        assertThat(image.getHeight()).isEqualTo(40);
    }

    @Test
    void progressBarOnlyOnATerminal() {
        Cli quiet = new Cli();
        assertThat(quiet.run("encode", png.toString(), "-o", dir.resolve("quiet.lci").toString())).isZero();
        assertThat(quiet.err()).isEmpty();

        Cli watched = new Cli().onTerminal();
        assertThat(watched.run("encode", png.toString(), "-o", dir.resolve("watched.lci").toString())).isZero();
        assertThat(watched.err()).contains("encode").contains("100%");
    }

    @Test
    void outputDefaultsToTheInputsFolderWithTheNewSuffix() {
        assertThat(new Cli().run("encode", png.toString())).isZero();
        assertThat(dir.resolve("picture.lci")).exists();
    }

    @Test
    void decodeAtATierAndARegion() throws IOException {
        Path lci = encode(png);
        Path half = dir.resolve("half.bmp");
        assertThat(new Cli().run("decode", lci.toString(), "--tier", "1", "-o", half.toString())).isZero();
        BufferedImage tier = ImageIO.read(half.toFile());
        assertThat(tier.getWidth()).isEqualTo(36);
        assertThat(tier.getHeight()).isEqualTo(20);

        Path region = dir.resolve("region.png");
        assertThat(new Cli().run("decode", lci.toString(), "--region", "8,4,20,10", "-o", region.toString())).isZero();
        BufferedImage part = ImageIO.read(region.toFile());
        assertThat(part.getWidth()).isEqualTo(20);
        assertThat(part.getHeight()).isEqualTo(10);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(new Cli().run()).isEqualTo(2);
        assertThat(new Cli().run("encode")).isEqualTo(2);
        assertThat(new Cli().run("encode", png.toString(), "--no-such-option")).isEqualTo(2);
        assertThat(new Cli().run("encode", png.toString(), "-q", "150")).isEqualTo(2);
        assertThat(new Cli().run("encode", png.toString(), "-q", "50", "--size", "100")).isEqualTo(2);
        assertThat(new Cli().run("decode", png.toString(), "-o", dir.resolve("x.unknownformat").toString())).isEqualTo(2);
        assertThat(new Cli().run("decode", "a.lci", "--region", "1,2,3")).isEqualTo(2);
        assertThat(new Cli().run("encode", png.toString(), png.toString(), "-o", "-")).isEqualTo(2);
    }

    @Test
    void badInputExitsWithOneAndNamesTheFile() throws IOException {
        Path garbage = dir.resolve("garbage.lci");
        Files.write(garbage, "this is not an image".getBytes(StandardCharsets.US_ASCII));

        Cli decode = new Cli();
        assertThat(decode.run("decode", garbage.toString(), "-o", dir.resolve("out.png").toString())).isEqualTo(1);
        assertThat(decode.err()).contains("garbage.lci").contains("Not an LCI file");

        Cli encode = new Cli();
        assertThat(encode.run("encode", garbage.toString(), "-o", dir.resolve("out.lci").toString())).isEqualTo(1);
        assertThat(encode.err()).contains("garbage.lci");

        assertThat(new Cli().run("encode", dir.resolve("missing.png").toString())).isEqualTo(1);
        assertThat(dir.resolve("out.png")).doesNotExist();
        assertThat(dir.resolve("out.lci")).doesNotExist();
    }

    @Test
    void failedDecodeLeavesAnExistingOutputUntouchedAndNoTempFiles() throws IOException {
        byte[] file = Files.readAllBytes(encode(png));
        file[file.length - 30] ^= 0x55; // inside the tile data: the segment's CRC no longer matches
        Path damaged = dir.resolve("damaged.lci");
        Files.write(damaged, file);
        Path output = dir.resolve("keep.png");
        Files.writeString(output, "precious");

        assertThat(new Cli().run("decode", damaged.toString(), "-o", output.toString())).isEqualTo(1);

        assertThat(output).hasContent("precious");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void neverOverwritesTheInput() throws IOException {
        byte[] before = Files.readAllBytes(png);
        Cli cli = new Cli();
        assertThat(cli.run("encode", png.toString(), "-o", png.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("refusing to overwrite the input");
        assertThat(Files.readAllBytes(png)).isEqualTo(before);

        Path lci = encode(png);
        byte[] coded = Files.readAllBytes(lci);
        Path sameFileOtherSpelling = dir.resolve(".").resolve("picture.lci");
        assertThat(new Cli().run("decode", lci.toString(), "-o", sameFileOtherSpelling.toString())).isEqualTo(1);
        assertThat(new Cli().run("encode", lci.toString())).isEqualTo(1); // picture.lci -> picture.lci
        assertThat(Files.readAllBytes(lci)).isEqualTo(coded);
    }

    @Test
    void standardInputAndOutput() throws IOException {
        Cli encode = new Cli().stdin(Files.readAllBytes(png));
        assertThat(encode.run("encode", "-", "-o", "-")).isZero();
        byte[] coded = encode.out.toByteArray();
        assertThat(Arrays.copyOf(coded, 8)).isEqualTo(SIGNATURE);

        Cli decode = new Cli().stdin(coded);
        assertThat(decode.run("decode", "-", "-o", "-", "--format", "png")).isZero();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(decode.out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(72);
        assertThat(decode.err()).contains("<stdin>");
    }

    @Test
    void infoJson() throws IOException {
        Path lci = encode(png);
        Cli info = new Cli();
        assertThat(info.run("info", lci.toString(), "--json")).isZero();

        JsonObject json = JsonParser.parseString(info.out()).getAsJsonObject();
        assertThat(json.get("width").getAsInt()).isEqualTo(72);
        assertThat(json.get("height").getAsInt()).isEqualTo(40);
        assertThat(json.get("bytes").getAsLong()).isEqualTo(Files.size(lci));
        assertThat(json.get("checksums").getAsString()).isEqualTo("ok");
        assertThat(json.getAsJsonArray("tiers").size()).isGreaterThan(1);
        assertThat(json.getAsJsonArray("tiers").get(0).getAsJsonObject().get("bytes").getAsLong()).isPositive();
        assertThat(json.getAsJsonObject("model").get("installed").getAsBoolean()).isTrue();
        assertThat(json.getAsJsonArray("chunks")).isNotEmpty();
    }

    @Test
    void infoReportsDamagedChecksums() throws IOException {
        byte[] file = Files.readAllBytes(encode(png));
        file[file.length - 30] ^= 0x55; // inside the coded data, after the header
        Path damaged = dir.resolve("damaged.lci");
        Files.write(damaged, file);

        Cli info = new Cli();
        int exit = info.run("info", damaged.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(info.out() + info.err()).containsIgnoringCase("crc");
    }

    @Test
    void encodesAFolderIntoAFolder() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        ImageIO.write(picture(40, 24), "png", in.resolve("a.png").toFile());
        ImageIO.write(picture(24, 40), "bmp", in.resolve("b.bmp").toFile());
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("out");

        assertThat(new Cli().run("encode", in.toString(), "-o", out.toString())).isZero();

        assertThat(out.resolve("a.lci")).exists();
        assertThat(out.resolve("b.lci")).exists();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void benchAndDemoRun() throws IOException {
        Cli bench = new Cli();
        assertThat(bench.run("bench", png.toString(), "--repeat", "1")).isZero();
        assertThat(bench.out()).contains("PSNR").contains("picture.png")
                .containsPattern("first run in this process \\(warm-up, not in the medians\\): encode [0-9.]+ ms, decode [0-9.]+ ms");

        Cli demo = new Cli();
        assertThat(demo.run("demo", "-o", dir.toString())).isZero();
        assertThat(demo.out()).contains("PSNR").contains("384x256");
        assertThat(dir.resolve("lakeside.lci")).exists();
    }

    @Test
    void versionNamesTheCodeAndTheDefaultModelPack() {
        Cli cli = new Cli();
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).startsWith("lci ").contains("default model pack: lci-v2 ", "sha256 ", "Java ",
                "other model packs (decode their files): lci-default 2026.11.2 (sha256 7e253874d6c05f09");
    }

    @Test
    void serveAnswersIiifAndStopsWhenInterrupted() throws Exception {
        Path images = Files.createDirectories(dir.resolve("served"));
        Path lci = encode(png);
        Files.move(lci, images.resolve("pic.lci"));
        Cli serve = new Cli();
        int[] exit = {-1};
        Thread thread = new Thread(() -> exit[0] = serve.run("serve", images.toString(), "--port", "0"));
        thread.start();
        String base = null;
        for (int i = 0; i < 300 && base == null; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("at (http://[^ ]+/)iiif/3/").matcher(serve.out());
            base = m.find() ? m.group(1) : null;
            Thread.sleep(50);
        }
        assertThat(base).as(serve.out() + serve.err()).isNotNull();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> info = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "iiif/3/pic/info.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(info.body()).getAsJsonObject().get("width").getAsInt()).isEqualTo(72);
        java.net.http.HttpResponse<byte[]> thumb = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "iiif/3/pic/full/36,/0/default.png")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ImageIO.read(new ByteArrayInputStream(thumb.body())).getWidth()).isEqualTo(36);
        for (int i = 0; i < 100 && !serve.out().contains("default.png 200"); i++) {
            Thread.sleep(20); // the log line follows the response
        }
        assertThat(serve.out()).contains("GET /iiif/3/pic/full/36,/0/default.png 200 ", "tier=1");
        thread.interrupt();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(exit[0]).isZero();
        assertThat(new Cli().run("serve", dir.resolve("missing").toString())).isEqualTo(2);
    }

    private Path encode(Path image) {
        Path lci = dir.resolve(JobPlan.stem(image) + ".lci");
        assertThat(new Cli().run("encode", image.toString(), "-o", lci.toString())).isZero();
        return lci;
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (40 + 3 * x) << 16 | (60 + 4 * y) << 8 | 150);
            }
        }
        return image;
    }
}
