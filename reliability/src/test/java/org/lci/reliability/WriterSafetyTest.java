package org.lci.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.imageio.LciImageWriter;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;
import org.lci.runtime.ProgressListener;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A failed write leaves no partial output, the CLI never overwrites its input, and I/O errors (disk full, a path that
 * cannot be created) surface as clear messages. The CLI is run as a real process through its public entry point
 * {@code org.lci.cli.Main}, with the tiny model pack.
 */
class WriterSafetyTest {
    private static final String DISK_FULL = "No space left on device";
    private static final BufferedImage IMAGE = Fixtures.picture(64, 48, BufferedImage.TYPE_3BYTE_BGR, 3);
    private static byte[] png;
    private static byte[] lci;

    @TempDir
    Path dir;

    @BeforeAll
    static void files() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(IMAGE, "png", out);
        png = out.toByteArray();
        lci = Fixtures.encode(Fixtures.tinyCodec(), IMAGE, 0.5, 1024, 32);
    }

    /** Accepts {@code limit} bytes, then fails as a full disk does. */
    static final class FullDisk extends OutputStream {
        private final int limit;
        int written;

        FullDisk(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                throw new IOException(DISK_FULL);
            }
            written += len;
        }
    }

    @Test
    void theRuntimeReportsADiskFullError() {
        for (int limit : new int[] {0, 10, 100}) {
            assertThatThrownBy(() -> Fixtures.tinyCodec().encode(IMAGE, EncodeOptions.builder().quality(0.5).build(),
                    new FullDisk(limit), ProgressListener.NONE))
                    .isInstanceOf(IOException.class).hasMessageContaining(DISK_FULL);
        }
    }

    @Test
    void theImageWriterReportsADiskFullErrorAndWritesNothingWhenEncodingFails() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        ((LciImageWriter) writer).setCodec(Fixtures.tinyCodec());
        writer.setOutput(new MemoryCacheImageOutputStream(new FullDisk(50)));
        assertThatThrownBy(() -> {
            writer.write(new IIOImage(IMAGE, null, null));
            ((MemoryCacheImageOutputStream) writer.getOutput()).close(); // flushes the cache to the stream
        }).isInstanceOf(IOException.class).hasMessageContaining(DISK_FULL);
        writer.dispose();

        // an encode that fails (no model pack) writes nothing at all
        try (LciCodec empty = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty()).build())) {
            ImageWriter w = ImageIO.getImageWritersByFormatName("lci").next();
            ((LciImageWriter) w).setCodec(empty);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(sink);
            w.setOutput(out);
            assertThatThrownBy(() -> w.write(new IIOImage(IMAGE, null, null))).isInstanceOf(IOException.class)
                    .hasMessageContaining("model pack");
            out.close();
            assertThat(sink.size()).isZero();
            w.dispose();
        }
    }

    // ---- the CLI, as a process -------------------------------------------------------------------------------

    record Run(int exit, String out, String err) { }

    private Run lci(File stdout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true",
                "-Dlci.model.path=" + Fixtures.tinyPack().getParent(),
                "-cp", System.getProperty("java.class.path"), "org.lci.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(stdout != null ? stdout : out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("lci %s finished", Arrays.toString(args)).isTrue();
        Run r = new Run(p.exitValue(), stdout != null ? "" : Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> n.endsWith(".part") || n.startsWith(".")).toList();
        }
    }

    @Test
    void theCliNeverOverwritesItsInput() throws Exception {
        Path in = dir.resolve("pic.lci");
        Files.write(in, lci);
        Path png = dir.resolve("pic.png");
        Files.write(png, WriterSafetyTest.png);

        Run r = lci(null, "decode", "pic.lci", "-o", "pic.lci");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("overwrite");
        assertThat(Files.readAllBytes(in)).isEqualTo(lci);

        r = lci(null, "encode", "pic.png", "-o", "./sub/../pic.png");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("overwrite");
        assertThat(Files.readAllBytes(png)).isEqualTo(WriterSafetyTest.png);

        Files.createLink(dir.resolve("hardlink.png"), png); // another name for the same file
        r = lci(null, "encode", "pic.png", "-o", "hardlink.png");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("overwrite");
        assertThat(Files.readAllBytes(png)).isEqualTo(WriterSafetyTest.png);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailedCliRunLeavesNoPartialOutputAndKeepsAnExistingFile() throws Exception {
        Files.write(dir.resolve("bad.png"), "not an image at all".getBytes(StandardCharsets.US_ASCII));
        byte[] damaged = lci.clone();
        try (org.lci.format.LciReader r = org.lci.format.LciReader.open(org.lci.format.RandomAccessSource.of(lci))) {
            int last = r.header().segmentsPerTile() - 1; // tier 0's last channel group: its CRC fails
            damaged[(int) (r.segmentOffset(0, last) + r.segmentLength(0, last) / 2)] ^= 0x40;
        }
        Files.write(dir.resolve("damaged.lci"), damaged);
        Path existing = dir.resolve("existing.png");
        Files.write(existing, png);

        Run r = lci(null, "encode", "bad.png", "-o", "out.lci");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("bad.png").doesNotContain("\tat org.");
        assertThat(dir.resolve("out.lci")).doesNotExist();

        r = lci(null, "decode", "damaged.lci", "-o", "existing.png");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("damaged.lci").contains("CRC").doesNotContain("\tat org.");
        assertThat(Files.readAllBytes(existing)).isEqualTo(png);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anOutputThatCannotBeCreatedIsAClearError() throws Exception {
        Files.write(dir.resolve("pic.png"), png);
        Files.write(dir.resolve("afile"), new byte[] {1});
        Run r = lci(null, "encode", "pic.png", "-o", "afile/out.lci");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("afile").doesNotContain("\tat org.");
        assertThat(leftovers()).isEmpty();

        // a read-only folder (meaningless as root, who may write anywhere)
        Path ro = Files.createDirectory(dir.resolve("readonly"));
        assumeTrue(ro.toFile().setWritable(false, false) && !Files.isWritable(ro), "running as root");
        r = lci(null, "encode", "pic.png", "-o", "readonly/out.lci");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("readonly").doesNotContain("\tat org.");
        ro.toFile().setWritable(true);
    }

    @Test
    void aFullDiskOnStandardOutputIsReported() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "/dev/full (Linux) is needed to simulate a full disk");
        Files.write(dir.resolve("pic.lci"), lci);
        Run r = lci(full, "decode", "pic.lci", "-o", "-");
        assertThat(r.exit).as("exit code; stderr: %s", r.err).isNotZero();
        assertThat(r.err).containsIgnoringCase("standard output");
    }
}
