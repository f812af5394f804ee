package org.lci.imageio;

import net.coobird.thumbnailator.Thumbnails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A generic ImageIO caller, used unchanged: Thumbnailator reads and writes LCI like any other format. */
class ThumbnailatorTest {
    @TempDir
    Path dir;

    @Test
    void writesLciWithOutputQuality() throws IOException {
        File low = dir.resolve("low.lci").toFile();
        File high = dir.resolve("high.lci").toFile();
        BufferedImage picture = Samples.picture(200, 150, BufferedImage.TYPE_INT_RGB);

        Thumbnails.of(picture).size(100, 75).outputFormat("lci").outputQuality(0.1f).toFile(low);
        Thumbnails.of(picture).size(100, 75).outputFormat("lci").outputQuality(0.95f).toFile(high);

        BufferedImage read = ImageIO.read(high);
        assertThat(read.getWidth()).isEqualTo(100);
        assertThat(read.getHeight()).isEqualTo(75);
        assertThat(Files.size(low.toPath())).isLessThan(Files.size(high.toPath()));
    }

    @Test
    void readsLciAndScalesToPng() throws IOException {
        Path lci = dir.resolve("in.lci");
        Files.write(lci, Samples.bytes(TestFiles.TILED));
        File png = dir.resolve("out.png").toFile();

        Thumbnails.of(lci.toFile()).size(80, 80).outputFormat("png").toFile(png);

        BufferedImage thumbnail = ImageIO.read(png);
        assertThat(thumbnail.getWidth()).isEqualTo(80);
        assertThat(thumbnail.getHeight()).isEqualTo(56);
    }
}
