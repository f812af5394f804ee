package org.lci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;

/**
 * SIGTERM to a running `lci encode` batch (a real process) leaves complete outputs and no partial file, and the
 * process ends by the signal (exit status 143), not by a crash: ONNX Runtime frees its native environment in a
 * shutdown hook of its own, which used to run while an encode was still inside ONNX Runtime.
 */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringABatchLeavesNoPartialOutput() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Random rnd = new Random(5);
        for (int i = 0; i < 60; i++) {
            BufferedImage image = new BufferedImage(512, 384, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 384; y++) {
                for (int x = 0; x < 512; x++) {
                    image.setRGB(x, y, rnd.nextInt(1 << 24) & 0x3F3F3F | (x * 255 / 512) << 16 | (y * 255 / 384) << 8);
                }
            }
            ImageIO.write(image, "png", in.resolve("img" + i + ".png").toFile());
        }
        Path out = dir.resolve("out");
        List<String> command = lci("encode", in.toString(), "--out-dir", out.toString(), "-j", "2", "--quiet");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(out, ".lci") < 3 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as("still encoding when interrupted").isTrue();
            sigtermEndsCleanly(process, dir.resolve("log.txt"), 30);
        }
        finally {
            process.destroyForcibly();
        }
        int written = count(out, ".lci");
        assertThat(written).as("interrupted part way").isBetween(3, 59);
        assertThat(count(out, ".part")).as("partial files left").isZero();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                try (LciReader r = LciReader.open(RandomAccessSource.open(f))) {
                    r.verifyAll(); // complete through LEND, every CRC right
                }
            }
        }
    }

    /**
     * SIGTERM to {@code lci serve} while clients keep it busy decoding: the requests in flight end, the process
     * exits with status 143 and does not crash (once seen: ONNX Runtime's own shutdown hook freed its environment
     * under a running tile).
     */
    @Test
    void sigtermWhileServingEndsTheProcessCleanly() throws Exception {
        Path images = Files.createDirectories(dir.resolve("served"));
        Random rnd = new Random(7);
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                image.setRGB(x, y, rnd.nextInt(1 << 24) & 0x1F1F1F | (x * 255 / 640) << 16 | (y * 255 / 480) << 8);
            }
        }
        ImageIO.write(image, "png", dir.resolve("pic.png").toFile());
        assertThat(new Cli().run("encode", dir.resolve("pic.png").toString(), "-o", images.resolve("pic.lci").toString(),
                "--tile-size", "256", "--quiet")).isZero();
        List<String> command = lci("serve", images.toString(), "--port", "0", "--tile-cache", "0");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.txt").toFile()).start();
        List<Thread> clients = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            String base = null;
            for (int i = 0; i < 600 && base == null && process.isAlive(); i++) {
                Thread.sleep(50);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("at (http://[^ ]+/)iiif/3/")
                        .matcher(Files.readString(dir.resolve("serve.txt")));
                base = m.find() ? m.group(1) : null;
            }
            assertThat(base).as(Files.readString(dir.resolve("serve.txt"))).isNotNull();
            for (int c = 0; c < 4; c++) {
                String url = base + "iiif/3/pic/full/max/0/default.png";
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (java.io.InputStream in = java.net.URI.create(url).toURL().openStream()) {
                            in.readAllBytes();
                            answered.incrementAndGet();
                        }
                        catch (java.io.IOException e) {
                            failure.compareAndSet(null, e.toString());
                            return;                      // the server has gone: expected
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(answered.get()).as("requests answered before the signal (%s)\n%s", failure.get(),
                    Files.readString(dir.resolve("serve.txt"))).isGreaterThanOrEqualTo(2);
            sigtermEndsCleanly(process, dir.resolve("serve.txt"), 60);
        }
        finally {
            process.destroyForcibly();
        }
    }

    /**
     * Sends SIGTERM (as `kill` or a service manager does) and checks that the process ends by it — status 143 —
     * within {@code seconds}, without a JVM crash report in its log or its working folder.
     */
    private void sigtermEndsCleanly(Process process, Path log, int seconds) throws Exception {
        process.destroy();
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(text).doesNotContain("fatal error");
        assertThat(process.exitValue()).as(text).isEqualTo(128 + 15);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    /** The command line of {@code lci ARGS} in a new JVM on this class path, with this JVM's model-pack settings. */
    private static List<String> lci(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true"));
        for (String property : List.of("lci.model.path", "org.lci.imageio.model")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static int count(Path folder, String suffix) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
