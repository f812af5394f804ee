package org.lci.imageio;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress listeners see started, one progress per tile, complete; abort() stops between tiles. */
class ProgressAndAbortTest {

    @Test
    void readReportsProgressPerTileInOrder() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        EventLog log = new EventLog();
        reader.addIIOReadProgressListener(log);

        reader.read(0);

        assertThat(log.events).first().isEqualTo("started");
        assertThat(log.events).last().isEqualTo("complete");
        assertThat(log.count("progress")).isEqualTo(6);
        assertThat(log.percentages).isSorted().last().isEqualTo(100f);
    }

    @Test
    void abortReturnsNormallyAndFiresReadAborted() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        EventLog log = new EventLog() {
            @Override
            public void imageProgress(ImageReader source, float percentageDone) {
                super.imageProgress(source, percentageDone);
                source.abort(); // after the first tile
            }
        };
        reader.addIIOReadProgressListener(log);

        BufferedImage image = reader.read(0);

        assertThat(image).isNotNull();
        assertThat(log.events).contains("aborted").doesNotContain("complete");
        assertThat(log.count("progress")).isLessThan(6);
    }

    @Test
    void abortedWriteWritesNothing() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        EventLog log = new EventLog() {
            @Override
            public void imageStarted(ImageWriter source, int imageIndex) {
                super.imageStarted(source, imageIndex);
                source.abort();
            }
        };
        writer.addIIOWriteProgressListener(log);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(Samples.picture(160, 100, BufferedImage.TYPE_INT_RGB), null, null), null);
        }

        assertThat(log.events).contains("aborted").doesNotContain("complete");
        assertThat(bytes.size()).isZero();
    }

    @Test
    void writeReportsStartedProgressComplete() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        EventLog log = new EventLog();
        writer.addIIOWriteProgressListener(log);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(Samples.picture(64, 64, BufferedImage.TYPE_INT_RGB));
        }

        assertThat(log.events).first().isEqualTo("started");
        assertThat(log.events).contains("progress").last().isEqualTo("complete");
        assertThat(bytes.size()).isPositive();
    }
}
