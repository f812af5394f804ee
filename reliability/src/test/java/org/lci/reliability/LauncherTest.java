package org.lci.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable CLI (cli/target/lci-VERSION.tar.gz): unpacked anywhere and called through a symbolic link,
 * {@code bin/lci} runs; its first run writes the class-data-sharing archive, later runs use it.
 */
class LauncherTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) { }

    Run run(Path launcher, Path cache, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void unpackedLauncherRunsThroughASymlinkAndKeepsAClassArchive() throws Exception {
        Path root = Fixtures.repoRoot();
        Path tarball;
        try (Stream<Path> files = Files.list(root.resolve("cli/target"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("lci-.*\\.tar\\.gz")).findFirst().orElse(null);
        }
        assumeTrue(tarball != null, "cli/target/lci-*.tar.gz not built (run mvn verify from the root)");
        Process untar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        Path home;
        try (Stream<Path> files = Files.list(dir)) {
            home = files.filter(f -> f.getFileName().toString().startsWith("lci-")).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/lci")).isExecutable();
        assertThat(home.resolve("lib/lci.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr-bin")).resolve("lci"),
                home.resolve("bin/lci"));
        Path cache = dir.resolve("cache");

        Run first = run(link, cache, "--version");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).startsWith("lci ").contains("default model pack: lci-v2 ", "other model packs (decode their files): lci-default 2026.11.2").doesNotContain("[cds]");
        List<Path> archives;
        try (Stream<Path> files = Files.list(cache.resolve("lci"))) {
            archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).hasSize(1);
        assertThat(Files.size(archives.get(0))).isPositive();

        Path png = dir.resolve("p.png");
        ImageIO.write(new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Run encode = run(link, cache, "encode", png.toString(), "-o", dir.resolve("p.lci").toString());
        assertThat(encode.exit()).as(encode.output()).isZero();
        Run decode = run(link, cache, "decode", dir.resolve("p.lci").toString(), "-o", dir.resolve("q.png").toString());
        assertThat(decode.exit()).as(decode.output()).isZero();
        assertThat(ImageIO.read(dir.resolve("q.png").toFile()).getWidth()).isEqualTo(48);
        // ONNX Runtime's natives were copied once into the cache (the decode above loaded them from there).
        List<Path> natives;
        try (Stream<Path> files = Files.list(cache.resolve("lci"))) {
            natives = files.filter(f -> f.getFileName().toString().startsWith("native-")).toList();
        }
        assertThat(natives).hasSize(1);
        assertThat(natives.get(0).resolve(".complete")).exists();
        try (Stream<Path> files = Files.list(natives.get(0))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.contains("onnxruntime"));
        }
        Run bad = run(link, cache, "decode", dir.resolve("missing.lci").toString());
        assertThat(bad.exit()).as("the launcher passes the exit code on").isNotZero();
    }
}
