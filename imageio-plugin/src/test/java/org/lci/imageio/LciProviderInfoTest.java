package org.lci.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;
import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfoTest;

/** TwelveMonkeys' provider-info contract: every class named exists and is of the right kind. */
class LciProviderInfoTest extends ReaderWriterProviderInfoTest {
    @Override
    protected ReaderWriterProviderInfo createProviderInfo() {
        return new LciProviderInfo();
    }
}
