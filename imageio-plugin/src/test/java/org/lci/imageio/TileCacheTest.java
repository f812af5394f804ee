package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.lci.runtime.TileCache;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Readers share synthesised tiles through a tile cache, named by the tiles' coded data. */
class TileCacheTest {

    private static BufferedImage read(byte[] file, TileCache cache, Rectangle region) throws IOException {
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance();
        try {
            reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(file)));
            LciImageReadParam param = (LciImageReadParam) reader.getDefaultReadParam();
            param.setTileCache(cache);
            param.setSourceRegion(region);
            return reader.read(0, param);
        }
        finally {
            reader.dispose();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void anotherReaderOfTheSameBytesGetsTheCachedTilesAndTheSamePixels() throws IOException {
        byte[] file = Samples.bytes(TestFiles.TILED);                 // 3 x 2 tiles
        TileCache cache = TileCache.ofBytes(64 << 20);

        int[] first = pixels(read(file, cache, null));
        assertThat(cache.misses()).isEqualTo(6);
        assertThat(cache.hits()).isZero();

        int[] second = pixels(read(file.clone(), cache, null));     // a new stream: no name, same content
        assertThat(cache.hits()).isEqualTo(6);
        assertThat(cache.misses()).isEqualTo(6);
        assertThat(second).isEqualTo(first);

        BufferedImage region = read(file, cache, new Rectangle(82, 4, 28, 40));   // inside one tile
        assertThat(cache.hits()).isEqualTo(7);
        assertThat(pixels(region)).isEqualTo(pixels(read(file, null, new Rectangle(82, 4, 28, 40))));
    }

    @Test
    void filesWithTheSameHeaderButOtherDataShareNoTile() throws IOException {
        BufferedImage a = Samples.picture(96, 64, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = Samples.picture(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 16; y < 48; y++) {
            for (int x = 32; x < 64; x++) {
                b.setRGB(x, y, 0xFFFFFFFF);                          // a white square: other latents
            }
        }
        byte[] fileA = write(a);
        byte[] fileB = write(b);
        assertThat(Arrays.copyOf(fileA, 30)).isEqualTo(Arrays.copyOf(fileB, 30)); // signature + header alike
        assertThat(fileA).isNotEqualTo(fileB);

        TileCache cache = TileCache.ofBytes(64 << 20);
        int[] pixelsA = pixels(read(fileA, cache, null));
        int[] pixelsB = pixels(read(fileB, cache, null));
        assertThat(cache.hits()).isZero();
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(pixelsB).isNotEqualTo(pixelsA);
        assertThat(pixels(read(fileA, cache, null))).isEqualTo(pixelsA);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void aReadersCacheServesThumbnailsAndTilesAndYieldsToTheParam() throws IOException {
        TileCache cache = TileCache.ofBytes(64 << 20);
        LciImageReader reader = Samples.reader(TestFiles.TILED);
        reader.setTileCache(cache);
        reader.readThumbnail(0, 0);
        assertThat(cache.misses()).isEqualTo(6);                    // the smallest tier: every file tile
        reader.readThumbnail(0, 0);
        assertThat(cache.hits()).isEqualTo(6);
        reader.readTile(0, 0, 0);                                   // one grid tile at full size: its file tiles
        long misses = cache.misses();
        assertThat(misses).isGreaterThan(6);
        LciImageReadParam none = new LciImageReadParam();
        none.setTileCache(null);
        reader.read(0, none);
        assertThat(cache.misses()).isEqualTo(misses);               // the param's "none" wins
        cache.clear();
        assertThat(cache.bytes()).isZero();
        reader.dispose();
    }

    @Test
    void withoutACacheNothingIsKept() throws IOException {
        LciImageReadParam param = new LciImageReadParam();
        param.setTileCache(null);
        assertThat(param.getTileCache()).isNull();
        // The JVM-wide cache is off unless the system property sizes it (it is unset in the tests).
        assertThat(System.getProperty(LciImageReader.TILE_CACHE_PROPERTY)).isNull();
        assertThat(new LciImageReadParam().getTileCache()).isNull();
    }

    @Test
    void cacheSizesReadAsBytesWithBinaryUnits() {
        assertThat(Codecs.parseBytes("268435456")).isEqualTo(268435456L);
        assertThat(Codecs.parseBytes(" 256m ")).isEqualTo(256L << 20);
        assertThat(Codecs.parseBytes("2G")).isEqualTo(2L << 30);
        assertThat(Codecs.parseBytes("512k")).isEqualTo(512L << 10);
        assertThat(Codecs.parseBytes("0")).isZero();
        assertThatThrownBy(() -> Codecs.parseBytes("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256m");
        assertThatThrownBy(() -> Codecs.parseBytes("-1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.parseBytes("99999999999g")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] write(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "lci", out)).isTrue();
        return out.toByteArray();
    }
}
