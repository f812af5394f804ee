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

/** SIGTERM to a running `lci encode` batch (a real process) leaves complete outputs and no partial file. */
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true"));
        for (String property : List.of("lci.model.path", "org.lci.imageio.model")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of(Main.class.getName(), "encode", in.toString(), "--out-dir", out.toString(), "-j", "2",
                "--quiet"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(out, ".lci") < 3 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as("still encoding when interrupted").isTrue();
            process.destroy(); // SIGTERM, as `kill` or a service manager sends
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
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

    private static int count(Path folder, String suffix) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
