package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

import org.junit.jupiter.api.Test;

/** Alpha, grayscale, 16-bit and raster inputs, and metadata passthrough. */
class ImageKindsTest {

    private final LciCodec codec = TestPacks.tinyCodec();

    @Test
    void alphaIsLossless() throws Exception {
        BufferedImage src = TestPacks.synthetic(150, 90, BufferedImage.TYPE_INT_ARGB);
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().tileSize(64).overlap(16).build());
        assertThat(codec.readInfo(file).alpha()).isTrue();
        BufferedImage out = codec.decode(file, DecodeOptions.defaults(), null);
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                assertThat(out.getRGB(x, y) >>> 24).isEqualTo(src.getRGB(x, y) >>> 24);
            }
        }
        BufferedImage half = codec.decode(file, DecodeOptions.tier(1), null);
        int a00 = 0;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                a00 += src.getRGB(2 + dx, 2 + dy) >>> 24;
            }
        }
        assertThat(half.getRGB(1, 1) >>> 24).isEqualTo((a00 + 2) / 4);
    }

    @Test
    void grayDecodesToGray() throws Exception {
        BufferedImage src = TestPacks.synthetic(70, 50, BufferedImage.TYPE_BYTE_GRAY);
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.defaults());
        assertThat(codec.readInfo(file).grayscale()).isTrue();
        BufferedImage out = codec.decode(file, DecodeOptions.defaults(), null);
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(out.getWidth()).isEqualTo(70);
    }

    @Test
    void sixteenBitInputIsRoundedToEightBits() throws Exception {
        int w = 48;
        int h = 40;
        ComponentColorModel cm16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r16 = cm16.createCompatibleWritableRaster(w, h);
        BufferedImage eight = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r8 = eight.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < 3; b++) {
                    int v = (x * 1301 + y * 977 + b * 20011) % 65536;
                    r16.setSample(x, y, b, v);
                    r8.setSample(x, y, b, (int) Math.round(v / 257.0));
                }
            }
        }
        BufferedImage sixteen = new BufferedImage(cm16, r16, false, null);
        EncodeOptions o = EncodeOptions.builder().quality(0.6).build();
        assertThat(TestPacks.encode(codec, sixteen, o)).isEqualTo(TestPacks.encode(codec, eight, o));
    }

    @Test
    void rasterBandsAreReadAsGrayAlphaRgbRgba() throws Exception {
        BufferedImage argb = TestPacks.synthetic(33, 20, BufferedImage.TYPE_4BYTE_ABGR);
        Raster raster = argb.getRaster(); // bands R, G, B, A
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
        codec.encode(raster, EncodeOptions.defaults(), a, null);
        assertThat(a.toByteArray()).isEqualTo(TestPacks.encode(codec, argb, EncodeOptions.defaults()));
        assertThat(codec.readInfo(a.toByteArray()).alpha()).isTrue();
    }

    @Test
    void metadataPassesThroughUnchanged() throws Exception {
        byte[] icc = ColorSpace.getInstance(ColorSpace.CS_sRGB).getClass().getSimpleName().getBytes();
        byte[] exif = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0};
        byte[] xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ImageMetadata md = new ImageMetadata(icc, exif, xmp);
        byte[] file = TestPacks.encode(codec, TestPacks.synthetic(20, 20, BufferedImage.TYPE_INT_RGB),
                EncodeOptions.builder().metadata(md).build());
        LciInfo info = codec.readInfo(file);
        assertThat(info.metadata()).isEqualTo(md);
        assertThat(info.chunks()).extracting(LciInfo.Chunk::type).contains("iCCP", "eXIf", "xMPx");
    }
}
