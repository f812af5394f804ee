package org.lci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing the user owns is replaced unless they named it: implied outputs, name collisions, links, devices. */
class OutputSafetyTest {

    @TempDir
    Path dir;

    private Path picture(String name) throws IOException {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 10) << 8 | 90);
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), p.toFile());
        return p;
    }

    @Test
    void decodingNextToTheOriginalDoesNotReplaceIt() throws IOException {
        Path png = picture("photo.png");
        assertThat(new Cli().run("encode", png.toString())).isZero();       // photo.lci next to it
        byte[] original = Files.readAllBytes(png);
        Cli decode = new Cli();
        assertThat(decode.run("decode", dir.resolve("photo.lci").toString())).isEqualTo(1);
        assertThat(decode.err()).contains("already exists").contains("-o");
        assertThat(Files.readAllBytes(png)).isEqualTo(original);
        // naming it explicitly is a request to replace it
        assertThat(new Cli().run("decode", dir.resolve("photo.lci").toString(), "-o", png.toString())).isZero();
    }

    @Test
    void twoInputsWithTheSameStemAreRefusedBeforeAnythingIsWritten() throws IOException {
        picture("a.png");
        picture("a.bmp");
        Path out = Files.createDirectory(dir.resolve("out"));
        Cli cli = new Cli();
        assertThat(cli.run("encode", dir.toString(), "-o", out.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("would both be written to");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkIsFollowedNotReplaced() throws IOException {
        Path png = picture("p.png");
        Path real = dir.resolve("real.lci");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.lci"), real);
        assertThat(new Cli().run("encode", png.toString(), "-o", link.toString())).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.size(real)).isGreaterThan(3);
    }

    @Test
    void aDeviceIsWrittenIntoNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        if (!Files.exists(devNull)) {
            return;                                        // not a POSIX system
        }
        Path png = picture("q.png");
        assertThat(new Cli().run("encode", png.toString(), "-o", devNull.toString())).isZero();
        assertThat(Files.isRegularFile(devNull)).isFalse();
    }

    @Test
    void newOutputsAreNotPrivateByForce() throws IOException {
        Path png = picture("r.png");
        Path lci = dir.resolve("r.lci");
        assertThat(new Cli().run("encode", png.toString(), "-o", lci.toString())).isZero();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(lci);
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(png);   // made by ImageIO with the umask
        assertThat(perms).isEqualTo(plain);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aTruncatedFileDecodesWithAWarningAndExitCodeThree() throws IOException {
        Path png = picture("t.png");
        Path lci = dir.resolve("t.lci");
        assertThat(new Cli().run("encode", png.toString(), "-o", lci.toString())).isZero();
        byte[] whole = Files.readAllBytes(lci);
        Path cut = dir.resolve("cut.lci");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 40));   // inside the last layer
        Cli cli = new Cli();
        int code = cli.run("decode", cut.toString(), "-o", dir.resolve("cut.png").toString());
        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).contains("lci: warning: decode").contains("truncated");
        assertThat(dir.resolve("cut.png")).exists();
    }

    @Test
    void standardInputThatIsNotLciIsRefusedAfterItsSignature() {
        // an endless stream of zeros: reading it whole would never end (or run out of memory)
        java.io.InputStream zeros = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Streams streams = new Streams(zeros, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true), false);
        int code = LciCommand.commandLine(streams).execute("decode", "-", "-o", dir.resolve("z.png").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("not an LCI file");
    }
}
