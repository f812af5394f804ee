package org.lci.imageio;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where ONNX Runtime's native library cannot load (simulated in a child JVM by pointing
 * {@code onnxruntime.native.path} at an empty folder), the reader still reads headers and a pixel read fails with
 * an IIOException naming the platform, not an UnsatisfiedLinkError.
 */
class NoNativesTest {
    @TempDir
    Path dir;

    /** Run in the child JVM: prints what the reader reports. */
    public static void main(String[] args) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("lci").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new File(args[0]))) {
            reader.setInput(in);
            System.out.println("size " + reader.getWidth(0) + "x" + reader.getHeight(0) + ", tiers " + reader.getNumImages(true));
            try {
                reader.read(0);
                System.out.println("read: decoded");
            }
            catch (Throwable t) {
                System.out.println("read: " + t.getClass().getName() + ": " + t.getMessage());
            }
        }
    }

    @Test
    void headersReadAndDecodeFailsNamingThePlatform() throws Exception {
        Path file = dir.resolve("a.lci");
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "lci", file.toFile());
        Path empty = Files.createDirectories(dir.resolve("no-natives"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Donnxruntime.native.path=" + empty,
                "-Djava.awt.headless=true"));
        for (String property : List.of("lci.model.path", "org.lci.imageio.model")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of(NoNativesTest.class.getName(), file.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("size 40x30, tiers 3")
                .contains("read: javax.imageio.IIOException: ")
                .contains("ONNX Runtime's native library cannot be loaded on this platform (" + System.getProperty("os.name"))
                .doesNotContain("UnsatisfiedLinkError:", "read: decoded");
    }
}
