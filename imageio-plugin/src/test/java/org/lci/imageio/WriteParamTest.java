package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.lci.runtime.Device;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer's parameters as generic callers and LCI-aware callers use them. */
class WriteParamTest {
    private final BufferedImage picture = Samples.picture(128, 96, BufferedImage.TYPE_INT_RGB);

    @Test
    void defaultParamLooksLikeJpegs() {
        ImageWriteParam param = ImageIO.getImageWritersByFormatName("lci").next().getDefaultWriteParam();

        assertThat(param).isInstanceOf(LciImageWriteParam.class);
        assertThat(param.canWriteCompressed()).isTrue();
        assertThat(param.getCompressionMode()).isEqualTo(ImageWriteParam.MODE_COPY_FROM_METADATA);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        assertThat(param.getCompressionTypes()).isNotEmpty();
        assertThat(param.getCompressionType()).isEqualTo(param.getCompressionTypes()[0]);
        assertThat(param.getCompressionQuality()).isEqualTo(0.75f);
        assertThat(param.isCompressionLossless()).isFalse();
        assertThat(param.getCompressionQualityValues()).hasSameSizeAs(param.getCompressionQualityDescriptions());
    }

    @Test
    void lowerQualityGivesSmallerFiles() throws IOException {
        int low = encode(quality(0.1f)).length;
        int high = encode(quality(0.95f)).length;

        assertThat(low).isLessThan(high);
    }

    @Test
    void targetSizeIsHonoured() throws IOException {
        int high = encode(quality(1f)).length;
        LciImageWriteParam param = quality(1f);
        long target = high * 2L / 3;
        param.setTargetSize(target);

        byte[] coded = encode(param);

        assertThat((long) coded.length).isLessThanOrEqualTo(target);
        assertThat(ImageIO.read(new ByteArrayInputStream(coded)).getWidth()).isEqualTo(128);
    }

    @Test
    void tileSizeReachesTheHeader() throws IOException {
        LciImageWriteParam param = quality(0.75f);
        param.setTileSize(64);

        byte[] coded = encode(param);

        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(coded)));
        assertThat(reader.getFileInfo(0).tileSize()).isEqualTo(64);
    }

    @Test
    void sourceRegionAndSubsamplingShapeTheWrittenImage() throws IOException {
        LciImageWriteParam param = quality(0.75f);
        param.setSourceRegion(new java.awt.Rectangle(10, 20, 100, 60));
        param.setSourceSubsampling(2, 3, 0, 0);

        byte[] coded = encode(param);

        BufferedImage read = ImageIO.read(new ByteArrayInputStream(coded));
        assertThat(read.getWidth()).isEqualTo(50);
        assertThat(read.getHeight()).isEqualTo(20);
    }

    @Test
    void lciSettingsAreValidated() {
        LciImageWriteParam param = new LciImageWriteParam(Locale.ROOT, new String[] {"a"});
        assertThatThrownBy(() -> param.setTileSize(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> param.setTargetSize(-1)).isInstanceOf(IllegalArgumentException.class);
        param.setDevice(Device.CUDA);
        assertThat(param.getDevice()).isEqualTo(Device.CUDA);
    }

    private LciImageWriteParam quality(float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        LciImageWriteParam param = (LciImageWriteParam) writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return param;
    }

    private byte[] encode(ImageWriteParam param) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("lci").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(picture, null, null), param);
        }
        finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
