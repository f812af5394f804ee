package org.lci.imageio;

import com.twelvemonkeys.imageio.util.ImageWriterAbstractTest;

import javax.imageio.spi.ImageWriterSpi;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.util.Arrays;
import java.util.List;

/** TwelveMonkeys' writer conformance harness (output, listeners, rasters, null handling). */
class LciImageWriterTest extends ImageWriterAbstractTest<LciImageWriter> {
    @Override
    protected ImageWriterSpi createProvider() {
        return new LciImageWriterSpi();
    }

    @Override
    protected List<? extends RenderedImage> getTestData() {
        // Small images keep the suite fast: every one is really encoded by the model.
        return Arrays.asList(
                drawSomething(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR)),
                drawSomething(new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB)),
                drawSomething(new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB)),
                drawSomething(new BufferedImage(33, 21, BufferedImage.TYPE_BYTE_GRAY))
        );
    }
}
