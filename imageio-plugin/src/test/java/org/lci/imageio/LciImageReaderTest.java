package org.lci.imageio;

import com.twelvemonkeys.imageio.util.ImageReaderAbstractTest;

import javax.imageio.spi.ImageReaderSpi;
import java.awt.Dimension;
import java.util.Arrays;
import java.util.List;

/**
 * TwelveMonkeys' reader conformance harness, run on real .lci files made with the tiny test model pack
 * (see {@link TestFiles}). It checks, among much else, that a source region equals the crop of the full decode.
 * One documented difference: a power-of-two subsampling is answered from the matching resolution tier (an
 * area-averaged image, what image servers want), not by point sampling a full decode; the harness's pixel check
 * of subsampling is replaced by {@link #testReadWithSubsampleParamPixels} below, which checks exactly that, and
 * that other subsamplings are still point samples.
 */
class LciImageReaderTest extends ImageReaderAbstractTest<LciImageReader> {
    @Override
    protected ImageReaderSpi createProvider() {
        return new LciImageReaderSpi();
    }

    @Override
    protected List<TestData> getTestData() {
        return Arrays.asList(
                new TestData(getClassLoaderResource(TestFiles.SMALL), new Dimension(96, 64)),
                new TestData(getClassLoaderResource(TestFiles.TILED), new Dimension(160, 112)),
                new TestData(getClassLoaderResource(TestFiles.GRAY), new Dimension(70, 50))
        );
    }

    @Override
    protected List<String> getFormatNames() {
        return Arrays.asList(LciProviderInfo.FORMAT_NAMES);
    }

    @Override
    protected List<String> getSuffixes() {
        return Arrays.asList(LciProviderInfo.SUFFIXES);
    }

    @Override
    protected List<String> getMIMETypes() {
        return Arrays.asList(LciProviderInfo.MIME_TYPES);
    }

    @Override
    @org.junit.jupiter.api.Test
    public void testReadWithSubsampleParamPixels() throws java.io.IOException {
        for (String file : new String[] {TestFiles.SMALL, TestFiles.TILED, TestFiles.GRAY}) {
            LciImageReader reader = Samples.reader(file);
            java.awt.image.BufferedImage full = reader.read(0);
            java.awt.image.BufferedImage half = reader.read(1);
            javax.imageio.ImageReadParam p = reader.getDefaultReadParam();
            p.setSourceSubsampling(2, 2, 0, 0);
            java.awt.image.BufferedImage sub2 = reader.read(0, p);
            org.assertj.core.api.Assertions.assertThat(reader.lastDecodedTier()).isEqualTo(1);
            assertSame(half, sub2);
            p.setSourceSubsampling(3, 3, 0, 0);                  // not a power of two: point samples of tier 0
            java.awt.image.BufferedImage sub3 = reader.read(0, p);
            org.assertj.core.api.Assertions.assertThat(reader.lastDecodedTier()).isEqualTo(0);
            for (int y = 0; y < sub3.getHeight(); y++) {
                for (int x = 0; x < sub3.getWidth(); x++) {
                    org.assertj.core.api.Assertions.assertThat(sub3.getRGB(x, y)).isEqualTo(full.getRGB(3 * x, 3 * y));
                }
            }
        }
    }

    private static void assertSame(java.awt.image.BufferedImage a, java.awt.image.BufferedImage b) {
        org.assertj.core.api.Assertions.assertThat(b.getWidth()).isEqualTo(a.getWidth());
        org.assertj.core.api.Assertions.assertThat(b.getHeight()).isEqualTo(a.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                org.assertj.core.api.Assertions.assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
            }
        }
    }
}
