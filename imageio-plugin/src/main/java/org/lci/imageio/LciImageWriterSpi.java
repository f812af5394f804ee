package org.lci.imageio;

import com.twelvemonkeys.imageio.spi.ImageWriterSpiBase;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.util.Locale;

/** Service provider for {@link LciImageWriter}; registered in {@code META-INF/services}. */
public final class LciImageWriterSpi extends ImageWriterSpiBase {

    public LciImageWriterSpi() {
        super(new LciProviderInfo());
    }

    /**
     * LCI codes 8-bit RGB; any image that converts to RGB without losing its meaning is accepted
     * (grey, indexed and alpha images are flattened to RGB, alpha is dropped).
     */
    @Override
    public boolean canEncodeImage(ImageTypeSpecifier type) {
        ColorModel colorModel = type.getColorModel();
        if (colorModel instanceof IndexColorModel) {
            return true;
        }
        int bands = type.getSampleModel().getNumBands();
        return bands >= 1 && bands <= 4 && colorModel != null
                && colorModel.getColorSpace().getNumComponents() <= 3;
    }

    @Override
    public ImageWriter createWriterInstance(Object extension) {
        return new LciImageWriter(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "LCI learned image codec writer";
    }
}
