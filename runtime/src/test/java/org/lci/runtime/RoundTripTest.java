package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class RoundTripTest {

    private final LciCodec codec = TestPacks.tinyCodec();

    @Test
    void lakesideRoundTripsAtEveryTier() throws Exception {
        BufferedImage src = TestPacks.lakeside();
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.9).build());
        LciInfo info = codec.readInfo(file);
        assertThat(info.width()).isEqualTo(384);
        assertThat(info.height()).isEqualTo(256);
        assertThat(info.tileCount()).isEqualTo(1);
        assertThat(info.q16()).isEqualTo((int) Math.round(0.9 * 65535));

        BufferedImage full = codec.decode(file, DecodeOptions.defaults(), null);
        assertThat(full.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(full.getWidth()).isEqualTo(384);
        assertThat(TestPacks.psnr(src, full)).isGreaterThan(TestPacks.MIN_PSNR);
        for (int k = 1; k < info.tierCount(); k++) {
            BufferedImage t = codec.decode(file, DecodeOptions.tier(k), null);
            assertThat(t.getWidth()).isEqualTo(info.tierWidth(k));
            assertThat(t.getHeight()).isEqualTo(info.tierHeight(k));
        }
    }

    @Test
    void higherQualityCostsMoreBytes() throws Exception {
        BufferedImage src = TestPacks.lakeside();
        int low = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.0).build()).length;
        int high = TestPacks.encode(codec, src, EncodeOptions.builder().quality(1.0).build()).length;
        assertThat(high).isGreaterThan(low);
    }

    @Test
    void regionDecodeEqualsCropOfFullDecode() throws Exception {
        BufferedImage src = TestPacks.synthetic(300, 200, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.7).tileSize(128).overlap(32).build());
        for (int tier = 0; tier < 2; tier++) {
            BufferedImage full = codec.decode(file, DecodeOptions.tier(tier), null);
            Rectangle r = new Rectangle(101, 37, 150, 120);
            BufferedImage part = codec.decode(file, DecodeOptions.tier(tier).withRegion(r), null);
            int s = 1 << tier;
            int x0 = r.x / s;
            int y0 = r.y / s;
            assertThat(part.getWidth()).isEqualTo((r.x + r.width + s - 1) / s - x0);
            assertThat(part.getHeight()).isEqualTo((r.y + r.height + s - 1) / s - y0);
            for (int y = 0; y < part.getHeight(); y++) {
                for (int x = 0; x < part.getWidth(); x++) {
                    assertThat(part.getRGB(x, y)).as("tier %d pixel %d,%d", tier, x, y)
                            .isEqualTo(full.getRGB(x0 + x, y0 + y));
                }
            }
        }
    }

    @Test
    void decodeIntoPlacesTheImageAtTheOffset() throws Exception {
        BufferedImage src = TestPacks.lakeside();
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.defaults());
        BufferedImage full = codec.decode(file, DecodeOptions.defaults(), null);
        BufferedImage dest = new BufferedImage(500, 300, BufferedImage.TYPE_INT_ARGB);
        assertThat(codec.decodeInto(file, DecodeOptions.defaults(), dest, new Point(20, 10), null)).isTrue();
        assertThat(dest.getRGB(0, 0)).isZero();
        assertThat(dest.getRGB(20 + 5, 10 + 7)).isEqualTo(full.getRGB(5, 7) | 0xFF000000);
        assertThat(dest.getRGB(20 + 383, 10 + 255)).isEqualTo(full.getRGB(383, 255) | 0xFF000000);
    }

    @Test
    void tinyAndOddSizesRoundTrip() throws Exception {
        for (int[] size : new int[][] {{1, 1}, {65, 33}, {1, 130}, {17, 1}}) {
            BufferedImage src = TestPacks.synthetic(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().tileSize(64).overlap(16).build());
            BufferedImage out = codec.decode(file, DecodeOptions.defaults(), null);
            assertThat(out.getWidth()).isEqualTo(size[0]);
            assertThat(out.getHeight()).isEqualTo(size[1]);
            BufferedImage quarter = codec.decode(file, DecodeOptions.tier(2), null);
            assertThat(quarter.getWidth()).isEqualTo((size[0] + 3) / 4);
        }
    }

    @Test
    void targetBytesPicksTheLargestQualityThatFits() throws Exception {
        BufferedImage src = TestPacks.lakeside();
        int low = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0).build()).length;
        int high = TestPacks.encode(codec, src, EncodeOptions.builder().quality(1).build()).length;
        long target = (low + high) / 2;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        EncodeResult r = codec.encode(src, EncodeOptions.builder().targetBytes(target).build(), out, null);
        assertThat(r.bytes()).isEqualTo(out.size()).isLessThanOrEqualTo(target);
        assertThat(r.passes()).isGreaterThan(1).isLessThanOrEqualTo(17);
        assertThat(r.bytes()).isGreaterThanOrEqualTo(low);
        assertThat(r.q16()).isPositive();
    }
}
