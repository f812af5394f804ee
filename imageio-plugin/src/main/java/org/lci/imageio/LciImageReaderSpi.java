package org.lci.imageio;

import com.twelvemonkeys.imageio.spi.ImageReaderSpiBase;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.util.Locale;

/** Service provider for {@link LciImageReader}; registered in {@code META-INF/services}. */
public final class LciImageReaderSpi extends ImageReaderSpiBase {

    public LciImageReaderSpi() {
        super(new LciProviderInfo());
    }

    /**
     * Looks at the signature only: cheap, restores the stream position, and never throws on bad data
     * (ImageIO asks every installed reader about every file).
     */
    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        if (!(source instanceof ImageInputStream stream)) {
            return false;
        }
        boolean matches;
        stream.mark();
        try {
            matches = Signature.matches(stream);
        }
        catch (IOException | RuntimeException e) {
            matches = false;
        }
        try {
            stream.reset();
        }
        catch (IOException e) {
            return false;
        }
        return matches;
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new LciImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "LCI learned image codec reader";
    }
}
