package org.lci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches: -j, -r with --out-dir, --skip-existing, --no-overwrite, --quiet; one bad file never stops the rest. */
class BatchTest {

    @TempDir
    Path dir;

    private Path in;

    private void image(Path p, String format) throws IOException {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 10) << 8 | 77);
            }
        }
        Files.createDirectories(p.getParent());
        ImageIO.write(img, format, p.toFile());
    }

    /** good.png, sub/deeper/c.bmp, broken.png (not an image), notes.txt (not taken). */
    @BeforeEach
    void mixedFolder() throws IOException {
        in = dir.resolve("in");
        image(in.resolve("good.png"), "png");
        image(in.resolve("sub/deeper/c.bmp"), "bmp");
        Files.writeString(in.resolve("broken.png"), "this is no PNG");
        Files.writeString(in.resolve("notes.txt"), "not an image");
    }

    private static long partFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }

    @Test
    void recursiveParallelBatchKeepsTheTreeAndReportsTheBadFile() throws IOException {
        Path out = dir.resolve("out");
        Cli cli = new Cli();
        int code = cli.run("encode", in.toString(), "-r", "-j", "2", "--out-dir", out.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.resolve("good.lci")).exists();
        assertThat(out.resolve("sub/deeper/c.lci")).exists();
        assertThat(out.resolve("broken.lci")).doesNotExist();
        assertThat(cli.err()).contains("lci: encode " + in.resolve("broken.png") + ":")
                .contains("3 files: 2 done, 1 failed, 0 skipped, 1 ignored (not images)")
                .contains("files/s");
        assertThat(partFiles(dir)).isZero();

        // and back: decode the tree into another tree
        Path back = dir.resolve("back");
        Cli decode = new Cli();
        assertThat(decode.run("decode", out.toString(), "-r", "--out-dir", back.toString())).isZero();
        assertThat(back.resolve("sub/deeper/c.png")).exists();
        assertThat(decode.err()).contains("2 files: 2 done, 0 failed");
    }

    @Test
    void withoutRecursionOnlyTheTopFolderIsTaken() throws IOException {
        Path out = dir.resolve("flat");
        Cli cli = new Cli();
        assertThat(cli.run("encode", in.toString(), "--out-dir", out.toString())).isEqualTo(1);
        assertThat(out.resolve("good.lci")).exists();
        assertThat(out.resolve("sub")).doesNotExist();
    }

    @Test
    void skipExistingLeavesOutputsAloneAndNoOverwriteReportsThem() throws IOException {
        Path out = dir.resolve("out");
        Files.delete(in.resolve("broken.png"));
        assertThat(new Cli().run("encode", in.toString(), "-r", "--out-dir", out.toString())).isZero();
        byte[] first = Files.readAllBytes(out.resolve("good.lci"));
        Files.write(out.resolve("good.lci"), new byte[] {1, 2, 3});

        Cli skip = new Cli();
        assertThat(skip.run("encode", in.toString(), "-r", "--out-dir", out.toString(), "--skip-existing")).isZero();
        assertThat(skip.err()).contains("2 files: 0 done, 0 failed, 2 skipped");
        assertThat(out.resolve("good.lci")).hasBinaryContent(new byte[] {1, 2, 3});

        Cli refuse = new Cli();
        assertThat(refuse.run("encode", in.toString(), "-r", "--out-dir", out.toString(), "--no-overwrite"))
                .isEqualTo(1);
        assertThat(refuse.err()).contains("already exists (--no-overwrite)");
        assertThat(out.resolve("good.lci")).hasBinaryContent(new byte[] {1, 2, 3});

        // a rerun without either flag replaces them (the outputs were named by --out-dir)
        assertThat(new Cli().run("encode", in.toString(), "-r", "--out-dir", out.toString())).isZero();
        assertThat(Files.readAllBytes(out.resolve("good.lci"))).isEqualTo(first);
        assertThat(new Cli().run("encode", in.toString(), "--skip-existing", "--no-overwrite")).isEqualTo(2);
    }

    @Test
    void quietPrintsOnlyErrors() throws IOException {
        Cli quiet = new Cli();
        assertThat(quiet.run("encode", in.toString(), "-r", "--out-dir", dir.resolve("q").toString(), "--quiet"))
                .isEqualTo(1);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("lci: encode "));
    }

    @Test
    void jobsMustBePositive() {
        Cli cli = new Cli();
        assertThat(cli.run("encode", in.toString(), "-j", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("-j");
    }
}
