package org.lci.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;

/**
 * Names, suffixes, MIME types and class names of the LCI plugin, in one place.
 * Both SPIs and the tests read them from here.
 */
public final class LciProviderInfo extends ReaderWriterProviderInfo {
    /** Format names as ImageIO looks them up (lookup is case-sensitive, so both spellings). */
    public static final String[] FORMAT_NAMES = {"lci", "LCI"};
    public static final String[] SUFFIXES = {"lci"};
    public static final String[] MIME_TYPES = {"image/x-lci"};

    public LciProviderInfo() {
        super(
                LciProviderInfo.class,
                FORMAT_NAMES.clone(),
                SUFFIXES.clone(),
                MIME_TYPES.clone(),
                "org.lci.imageio.LciImageReader",
                new String[] {"org.lci.imageio.LciImageReaderSpi"},
                "org.lci.imageio.LciImageWriter",
                new String[] {"org.lci.imageio.LciImageWriterSpi"},
                false, null, null, null, null,
                true, LciMetadataFormat.NATIVE_FORMAT_NAME, LciMetadataFormat.class.getName(), null, null
        );
    }
}
