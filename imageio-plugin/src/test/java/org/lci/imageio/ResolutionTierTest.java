package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolution tiers, thumbnails and source regions through the ImageIO API. */
class ResolutionTierTest {

    @Test
    void eachTierDecodesAtItsOwnSize() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        int tiers = reader.getNumResolutionTiers(0);
        assertThat(tiers).isGreaterThan(1);
        BufferedImage full = reader.read(0);
        for (int k = 1; k < tiers; k++) {
            LciImageReadParam param = (LciImageReadParam) reader.getDefaultReadParam();
            param.setResolutionTier(k);

            BufferedImage tier = reader.read(0, param);

            int scale = 1 << k;
            assertThat(tier.getWidth()).isEqualTo((160 + scale - 1) / scale);
            assertThat(tier.getHeight()).isEqualTo((112 + scale - 1) / scale);
            // The tier shows the same picture as the full decode, only smaller.
            assertThat(Samples.meanAbsoluteDifference(tier, boxDownscale(full, scale))).isLessThan(25);
        }
    }

    /**
     * The coarsest tier reads only its own segments: with every finer segment destroyed (their CRCs fail), it
     * still decodes exactly the same pixels, while a full-resolution read refuses the damaged file.
     */
    @Test
    void smallestTierNeverTouchesTheFinerSegments() throws IOException {
        byte[] file = Samples.bytes(TestFiles.TILED);
        byte[] damaged = file.clone();
        int smallest;
        try (LciReader index = LciReader.open(RandomAccessSource.of(file))) {
            smallest = index.header().tierCount() - 1;
            int coarse = index.header().tier(smallest).segments();
            for (int tile = 0; tile < index.tileGrid().tileCount(); tile++) {
                for (int segment = coarse; segment < index.header().segmentsPerTile(); segment++) {
                    long offset = index.segmentOffset(tile, segment);
                    for (int i = 0; i < index.segmentLength(tile, segment); i++) {
                        damaged[(int) offset + i] ^= 0x5A;
                    }
                }
            }
        }
        LciImageReadParam param = new LciImageReadParam();
        param.setResolutionTier(smallest);

        BufferedImage fromWholeFile = Samples.reader(TestFiles.TILED).read(0, param);
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(damaged)));
        BufferedImage fromDamaged = reader.read(0, param);

        assertThat(fromDamaged.getRaster().getPixels(0, 0, fromDamaged.getWidth(), fromDamaged.getHeight(), (int[]) null))
                .isEqualTo(fromWholeFile.getRaster().getPixels(0, 0, fromWholeFile.getWidth(),
                        fromWholeFile.getHeight(), (int[]) null));
        assertThatThrownBy(() -> reader.read(0)).isInstanceOf(IIOException.class).hasMessageContaining("CRC");
    }

    /**
     * A file cut after the coarsest tier's segments (a server sent only the first bytes): that tier decodes
     * exactly as from the whole file, and a full read gives the full size, scaled up, with a warning.
     */
    @Test
    void truncatedFileDecodesItsCompleteTier() throws IOException {
        byte[] file = Samples.bytes(TestFiles.TILED);
        long prefix = 0;
        int smallest;
        try (LciReader index = LciReader.open(RandomAccessSource.of(file))) {
            smallest = index.header().tierCount() - 1;
            for (int tile = 0; tile < index.tileGrid().tileCount(); tile++) {
                for (int segment = 0; segment < index.header().tier(smallest).segments(); segment++) {
                    prefix = Math.max(prefix, index.segmentOffset(tile, segment) + index.segmentLength(tile, segment));
                }
            }
        }
        byte[] cut = Arrays.copyOf(file, (int) prefix);
        LciImageReadParam coarse = new LciImageReadParam();
        coarse.setResolutionTier(smallest);
        BufferedImage expected = Samples.reader(TestFiles.TILED).read(0, coarse);

        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(cut)));
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));

        BufferedImage fromPrefix = reader.read(0, coarse);
        assertThat(fromPrefix.getRaster().getPixels(0, 0, fromPrefix.getWidth(), fromPrefix.getHeight(), (int[]) null))
                .isEqualTo(expected.getRaster().getPixels(0, 0, expected.getWidth(), expected.getHeight(), (int[]) null));
        assertThat(warnings).isEmpty();

        BufferedImage full = reader.read(0);
        assertThat(full.getWidth()).isEqualTo(160);
        assertThat(full.getHeight()).isEqualTo(112);
        assertThat(warnings).singleElement().asString().contains("truncated");
    }

    /** From a stream of known length, a coarse tier reads its own segments only, not the whole file. */
    @Test
    void smallestTierReadsOnlyPartOfAStream() throws IOException {
        byte[] file = Samples.bytes(TestFiles.TILED);
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        CountingImageInputStream stream = new CountingImageInputStream(file);
        reader.setInput(stream);
        LciImageReadParam param = new LciImageReadParam();
        param.setResolutionTier(reader.getNumResolutionTiers(0) - 1);

        reader.read(0, param);

        assertThat(stream.bytesRead).isLessThan(file.length * 3L / 4);
    }

    @Test
    void tierBeyondTheFileIsAnIioException() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.SMALL);
        LciImageReadParam param = new LciImageReadParam();
        param.setResolutionTier(reader.getNumResolutionTiers(0));

        assertThatThrownBy(() -> reader.read(0, param)).isInstanceOf(IIOException.class).hasMessageContaining("tier");
    }

    @Test
    void negativeTierIsRejectedAtOnce() {
        assertThatThrownBy(() -> new LciImageReadParam().setResolutionTier(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thumbnailIsTheSmallestTier() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        assertThat(reader.readerSupportsThumbnails()).isTrue();
        assertThat(reader.getNumThumbnails(0)).isEqualTo(1);
        int smallest = reader.getNumResolutionTiers(0) - 1;
        LciImageReadParam param = new LciImageReadParam();
        param.setResolutionTier(smallest);

        BufferedImage thumbnail = reader.readThumbnail(0, 0);
        BufferedImage tier = reader.read(0, param);

        assertThat(thumbnail.getWidth()).isEqualTo(reader.getThumbnailWidth(0, 0)).isEqualTo(tier.getWidth());
        assertThat(thumbnail.getHeight()).isEqualTo(reader.getThumbnailHeight(0, 0)).isEqualTo(tier.getHeight());
        assertThat(Samples.meanAbsoluteDifference(thumbnail, tier)).isZero();
    }

    @Test
    void sourceRegionDecodesOnlyTheTilesItTouches() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED); // 3 x 2 tiles of 64 px
        EventLog whole = new EventLog();
        reader.addIIOReadProgressListener(whole);
        BufferedImage full = reader.read(0);
        reader.removeAllIIOReadProgressListeners();

        EventLog part = new EventLog();
        reader.addIIOReadProgressListener(part);
        LciImageReadParam param = new LciImageReadParam();
        // Tile (row 0, column 1) has core x 64..127, y 0..63; with 16 px of overlap, x 80..111 and y 0..47
        // lie in no other tile's coded rectangle.
        param.setSourceRegion(new Rectangle(82, 4, 28, 40));
        BufferedImage region = reader.read(0, param);

        assertThat(whole.count("progress")).isEqualTo(6);
        assertThat(part.count("progress")).isEqualTo(1);
        assertThat(region.getWidth()).isEqualTo(28);
        assertThat(region.getHeight()).isEqualTo(40);
        assertThat(Samples.meanAbsoluteDifference(region, full.getSubimage(82, 4, 28, 40))).isLessThan(3);
    }

    @Test
    void sourceRegionAtATierIsInTierCoordinates() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        LciImageReadParam whole = new LciImageReadParam();
        whole.setResolutionTier(1);
        BufferedImage half = reader.read(0, whole);

        LciImageReadParam param = new LciImageReadParam();
        param.setResolutionTier(1);
        param.setSourceRegion(new Rectangle(10, 8, 30, 20));
        BufferedImage region = reader.read(0, param);

        assertThat(region.getWidth()).isEqualTo(30);
        assertThat(region.getHeight()).isEqualTo(20);
        assertThat(Samples.meanAbsoluteDifference(region, half.getSubimage(10, 8, 30, 20))).isLessThan(3);
    }

    /** Mean of each scale x scale block (partial blocks at the edges average what is there). */
    static BufferedImage boxDownscale(BufferedImage image, int scale) {
        int width = (image.getWidth() + scale - 1) / scale;
        int height = (image.getHeight() + scale - 1) / scale;
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] sum = new int[3];
                int n = 0;
                for (int dy = 0; dy < scale && y * scale + dy < image.getHeight(); dy++) {
                    for (int dx = 0; dx < scale && x * scale + dx < image.getWidth(); dx++) {
                        int rgb = image.getRGB(x * scale + dx, y * scale + dy);
                        sum[0] += rgb >> 16 & 0xFF;
                        sum[1] += rgb >> 8 & 0xFF;
                        sum[2] += rgb & 0xFF;
                        n++;
                    }
                }
                small.setRGB(x, y, (sum[0] / n) << 16 | (sum[1] / n) << 8 | sum[2] / n);
            }
        }
        return small;
    }
}
