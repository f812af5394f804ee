package org.lci.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdBatchTest {

    @TempDir
    Path dir;

    private Path gradient() throws Exception {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                img.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | ((x + y) & 0xff));
            }
        }
        Path p = dir.resolve("grad.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void parsesJobLines() {
        RdJob job = RdJob.parse("a.png\t0.75\tout/a.lci\tout/a.dec\t0,1,2", 1);
        assertThat(job.quality()).isEqualTo(0.75);
        assertThat(job.tiers()).containsExactly(0, 1, 2);
        assertThat(job.decoded(1)).isEqualTo(Path.of("out/a.dec.t1.png"));
    }

    @Test
    void rejectsMalformedJobLineNamingTheLine() {
        assertThatThrownBy(() -> RdJob.parse("a.png\t0.5", 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 7").hasMessageContaining("found 2");
    }

    @Test
    void imageIoJpegBatchWritesFilesAndOneResultLinePerDecode() throws Exception {
        Path src = gradient();
        List<RdJob> jobs = List.of(
                new RdJob(src, 0.3, dir.resolve("lo.jpg"), dir.resolve("lo").toString(), List.of(0)),
                new RdJob(src, 0.95, dir.resolve("hi.jpg"), dir.resolve("hi").toString(), List.of(0)));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (RdCodec codec = new ImageIoJpegCodec()) {
            RdBatch.run(codec, jobs, new PrintStream(buf, true, StandardCharsets.UTF_8));
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        String[] lo = lines[0].split("\t");
        String[] hi = lines[1].split("\t");
        assertThat(lo).hasSize(7);
        assertThat(lo[0]).isEqualTo("RESULT");
        assertThat(lo[6]).isEqualTo(lo[2]);  // JPEG: a client fetches the whole file
        assertThat(Long.parseLong(lo[2])).isEqualTo(Files.size(dir.resolve("lo.jpg")));
        assertThat(Long.parseLong(hi[2])).isGreaterThan(Long.parseLong(lo[2]));
        BufferedImage decoded = ImageIO.read(dir.resolve("hi.t0.png").toFile());
        assertThat(decoded.getWidth()).isEqualTo(96);
        assertThat(decoded.getHeight()).isEqualTo(64);
    }

    @Test
    void jpegHasNoTiers() throws Exception {
        try (RdCodec codec = new ImageIoJpegCodec()) {
            byte[] data = codec.encode(ImageIO.read(gradient().toFile()), 0.5);
            assertThatThrownBy(() -> codec.decode(data, 1)).hasMessageContaining("no tiers");
        }
    }
}
