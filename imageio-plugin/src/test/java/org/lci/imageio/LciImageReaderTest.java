package org.lci.imageio;

import com.twelvemonkeys.imageio.util.ImageReaderAbstractTest;

import javax.imageio.spi.ImageReaderSpi;
import java.awt.Dimension;
import java.util.Arrays;
import java.util.List;

/**
 * TwelveMonkeys' reader conformance harness, run on real .lci files made with the tiny test model pack
 * (see {@link TestFiles}). It checks, among much else, that subsampling equals point sampling of the full
 * decode and that a source region equals the crop of the full decode.
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
}
