package org.lci.imageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;

import javax.imageio.ImageReadParam;

import org.junit.jupiter.api.Test;

/**
 * The reader speaks the pyramid dialect generic image servers use (IIIF servers over plain ImageIO): tiers are
 * images, tiles are the file's tile grid at each tier's scale, and a request that a tier can answer decodes that
 * tier and only the tiles it touches (counted, not timed).
 */
class PyramidTest {

    @Test
    void tiersAreImagesWithTheirOwnSizes() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        int tiers = reader.getNumResolutionTiers(0);
        assertThat(reader.getNumImages(true)).isEqualTo(tiers).isGreaterThan(1);
        for (int k = 0; k < tiers; k++) {
            int scale = 1 << k;
            assertThat(reader.getWidth(k)).isEqualTo((160 + scale - 1) / scale);
            assertThat(reader.getHeight(k)).isEqualTo((112 + scale - 1) / scale);
            LciImageReadParam viaParam = (LciImageReadParam) reader.getDefaultReadParam();
            viaParam.setResolutionTier(k);
            BufferedImage a = reader.read(k);
            assertThat(reader.lastDecodedTier()).isEqualTo(k);
            BufferedImage b = reader.read(0, viaParam);
            assertThat(Samples.meanAbsoluteDifference(a, b)).isZero();
        }
        assertThatThrownBy(() -> reader.getWidth(tiers)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tilesAreTheFileGridAtEachTierAndReadOnlyWhatTheyNeed() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        assertThat(reader.isImageTiled(0)).isTrue();
        int t0 = reader.getTileWidth(0);
        assertThat(reader.getTileHeight(0)).isEqualTo(t0);
        int total = reader.getNumImages(true);
        for (int k = 0; k < total; k++) {
            int tw = reader.getTileWidth(k);
            assertThat(tw).isEqualTo(Math.min(t0 >> k, reader.getWidth(k)));
            BufferedImage whole = reader.read(k);
            int allTiles = reader.lastDecodedTiles();
            BufferedImage tile = reader.readTile(k, 1, 0);
            int th = reader.getTileHeight(k);
            // file tiles whose coded rectangle (core grown by the overlap) meets tile (1, 0) of tier k
            int size = reader.getFileInfo(0).tileSize();
            int overlap = reader.getFileInfo(0).overlap();
            int x0 = tw << k;
            int x1 = Math.min(160, (2 * tw) << k);
            int y1 = Math.min(112, th << k);
            int columns = (160 + size - 1) / size;
            int rows = (112 + size - 1) / size;
            int expected = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    if (c * size - overlap < x1 && (c + 1) * size + overlap > x0 && r * size - overlap < y1) {
                        expected++;
                    }
                }
            }
            assertThat(reader.lastDecodedTiles()).as("tier %d", k).isEqualTo(expected).isLessThanOrEqualTo(allTiles);
            assertThat(tile.getWidth()).isEqualTo(Math.min(tw, reader.getWidth(k) - tw));
            assertThat(Samples.meanAbsoluteDifference(tile,
                    whole.getSubimage(tw, 0, tile.getWidth(), Math.min(th, reader.getHeight(k))))).isZero();
        }
        assertThatThrownBy(() -> reader.readTile(0, 99, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Without overlap a tile of the pyramid is exactly one file tile: a tile request decodes 1 of 24. */
    @Test
    void aTileRequestDecodesOnlyItsFileTile() throws IOException {
        java.nio.file.Path root = org.lci.format.RepoFiles.root();
        org.lci.runtime.ModelPackRegistry registry = org.lci.runtime.ModelPackRegistry.empty()
                .addPack(root.resolve("testdata/packs/tiny.lcipack"));
        try (org.lci.runtime.LciCodec codec = org.lci.runtime.LciCodec.create(
                org.lci.runtime.CodecOptions.builder().registry(registry).build())) {
            BufferedImage sample = javax.imageio.ImageIO.read(root.resolve("testdata/images/lakeside.png").toFile());
            java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
            codec.encode(sample, org.lci.runtime.EncodeOptions.builder().quality(0.5).tileSize(64).overlap(0).build(),
                    file, org.lci.runtime.ProgressListener.NONE);
            LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
            reader.setCodec(codec);
            reader.setInput(javax.imageio.ImageIO.createImageInputStream(
                    new java.io.ByteArrayInputStream(file.toByteArray())));
            for (int k = 0; k < 2; k++) {
                BufferedImage whole = reader.read(k);
                assertThat(reader.lastDecodedTiles()).isEqualTo(24);      // 384x256 in 64-px tiles
                int tw = reader.getTileWidth(k);
                BufferedImage tile = reader.readTile(k, 2, 1);
                assertThat(reader.lastDecodedTiles()).as("tier %d", k).isEqualTo(1);
                assertThat(Samples.meanAbsoluteDifference(tile, whole.getSubimage(2 * tw, tw, tw, tw))).isZero();
            }
        }
    }

    @Test
    void aThumbnailBySubsamplingDecodesOnlyTheSmallestSufficientTier() throws IOException {
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        int last = reader.getNumImages(true) - 1;
        ImageReadParam p = reader.getDefaultReadParam();
        p.setSourceSubsampling(8, 8, 0, 0);                        // beyond the smallest tier: tier 2 then every 2nd
        BufferedImage thumb = reader.read(0, p);
        assertThat(reader.lastDecodedTier()).isEqualTo(last);
        assertThat(thumb.getWidth()).isEqualTo((160 + 7) / 8);
        // a region plus subsampling: the region is mapped to the tier, only its tiles are decoded
        p.setSourceRegion(new Rectangle(64, 32, 64, 64));
        p.setSourceSubsampling(2, 2, 0, 0);
        BufferedImage part = reader.read(0, p);
        assertThat(reader.lastDecodedTier()).isEqualTo(1);
        assertThat(part.getWidth()).isEqualTo(32);
        BufferedImage half = reader.read(1);
        assertThat(Samples.meanAbsoluteDifference(part, half.getSubimage(32, 16, 32, 32))).isZero();
    }
}
