package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin as plain ImageIO users meet it: service files, the static ImageIO methods, Spark's call. */
class ImageIoIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void readersAndWritersAreFoundByNameSuffixAndMimeType() {
        assertThat(ImageIO.getImageReadersByMIMEType("image/x-lci").next()).isInstanceOf(LciImageReader.class);
        assertThat(ImageIO.getImageReadersByFormatName("lci").next()).isInstanceOf(LciImageReader.class);
        assertThat(ImageIO.getImageReadersByFormatName("LCI").next()).isInstanceOf(LciImageReader.class);
        assertThat(ImageIO.getImageReadersBySuffix("lci").next()).isInstanceOf(LciImageReader.class);
        assertThat(ImageIO.getImageWritersByMIMEType("image/x-lci").next()).isInstanceOf(LciImageWriter.class);
        assertThat(ImageIO.getImageWritersByFormatName("lci").next()).isInstanceOf(LciImageWriter.class);
        assertThat(Arrays.asList(ImageIO.getReaderMIMETypes())).contains("image/x-lci");
    }

    @Test
    void imageIoReadsAFile() throws IOException {
        Path file = dir.resolve("small.lci");
        Files.write(file, Samples.bytes(TestFiles.SMALL));

        BufferedImage image = ImageIO.read(file.toFile());

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(96);
        assertThat(image.getHeight()).isEqualTo(64);
    }

    @Test
    void imageIoWritesAndReadsBack() throws IOException {
        BufferedImage original = Samples.picture(80, 56, BufferedImage.TYPE_INT_RGB);
        File file = dir.resolve("written.lci").toFile();

        assertThat(ImageIO.write(original, "lci", file)).isTrue();
        BufferedImage decoded = ImageIO.read(file);

        assertThat(decoded.getWidth()).isEqualTo(80);
        assertThat(decoded.getHeight()).isEqualTo(56);
        // The plugin hands back exactly what the runtime decodes from those bytes.
        BufferedImage direct = LciCodec.shared().decode(Files.readAllBytes(file.toPath()), DecodeOptions.defaults(),
                ProgressListener.NONE);
        assertThat(Samples.meanAbsoluteDifference(direct, decoded)).isZero();
    }

    /** Apache Spark's image data source reads images exactly like this and swallows exceptions. */
    @Test
    void sparkStyleReadFromByteArrayInputStream() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Samples.bytes(TestFiles.TILED)));

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(160);
        assertThat(image.getHeight()).isEqualTo(112);
    }

    @Test
    void garbageGivesNull() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);

        assertThat(ImageIO.read(new ByteArrayInputStream(garbage))).isNull();
        assertThat(ImageIO.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void signatureFollowedByGarbageGivesIioException() {
        byte[] file = Samples.bytes(TestFiles.SMALL);
        byte[] damaged = Arrays.copyOf(file, file.length);
        byte[] noise = new byte[file.length - 8];
        new Random(3).nextBytes(noise);
        System.arraycopy(noise, 0, damaged, 8, noise.length); // keep the signature, break everything after it
        assertThatThrownBy(() -> ImageIO.read(new ByteArrayInputStream(damaged))).isInstanceOf(IIOException.class);
    }

    @Test
    void truncatedFileGivesIioExceptionOrImageButNeverCrashes() {
        byte[] file = Samples.bytes(TestFiles.SMALL);
        for (int length : new int[] {8, 12, 20, file.length / 2, file.length - 1}) {
            byte[] truncated = Arrays.copyOf(file, length);
            try {
                ImageIO.read(new ByteArrayInputStream(truncated));
            }
            catch (IOException expected) {
                assertThat(expected).isInstanceOf(IIOException.class);
            }
        }
    }

    @Test
    void canDecodeInputRestoresThePositionAndNeverThrows() throws IOException {
        LciImageReaderSpi spi = new LciImageReaderSpi();
        try (ImageInputStream lci = ImageIO.createImageInputStream(new ByteArrayInputStream(Samples.bytes(TestFiles.SMALL)))) {
            lci.seek(0);
            assertThat(spi.canDecodeInput(lci)).isTrue();
            assertThat(lci.getStreamPosition()).isZero();
        }
        for (byte[] other : new byte[][] {{}, {(byte) 0x8B, 'L'}, "\u0089PNG\r\n\u001a\n....".getBytes()}) {
            try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(other))) {
                assertThat(spi.canDecodeInput(stream)).isFalse();
                assertThat(stream.getStreamPosition()).isZero();
            }
        }
        assertThat(spi.canDecodeInput("not a stream")).isFalse();
    }

    @Test
    void readerOfAnotherFormatIsNotPickedForLci() throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(Samples.bytes(TestFiles.SMALL)))) {
            ImageReader reader = Samples.firstReader(stream);
            assertThat(reader).isInstanceOf(LciImageReader.class);
        }
    }
}
