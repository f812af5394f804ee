package org.lci.imageio;

import com.twelvemonkeys.imageio.ImageWriterBase;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.ImageMetadata;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageWriterSpi;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Writes LCI images through ImageIO.
 * <p>
 * Quality comes from the standard compression settings (explicit mode, 0..1, default 0.75); the model
 * pack is the compression type. An {@link LciImageWriteParam} adds target size, device and tile size.
 * ICC profile, EXIF and XMP come from {@link LciMetadata} (native tree nodes of the same names); an image
 * in a non-sRGB ICC colour space is coded as is, with its profile. The file is coded in memory and only
 * written to the output once complete, so an aborted or failed write leaves the output untouched.
 */
public final class LciImageWriter extends ImageWriterBase {
    /** Compression type offered when the runtime lists no model pack (then writing fails with a clear message). */
    static final String FALLBACK_COMPRESSION_TYPE = "LCI";
    /** System property naming the model pack generic ImageIO callers get (deployments, tests). */
    public static final String MODEL_PROPERTY = "org.lci.imageio.model";

    private LciCodec codec; // null: the shared codec for the param's device

    LciImageWriter(ImageWriterSpi provider) {
        super(provider);
    }

    /**
     * Uses the given codec instead of the shared one (the device setting of the write param is then the
     * codec's own). The caller keeps ownership (and closes it).
     */
    public void setCodec(LciCodec codec) {
        this.codec = codec;
    }

    @Override
    public LciImageWriteParam getDefaultWriteParam() {
        return new LciImageWriteParam(getLocale(), compressionTypes());
    }

    /**
     * The installed model packs' names, the default first: the pack named by the system property
     * {@value #MODEL_PROPERTY} when it is installed, else the runtime's default pack.
     */
    private String[] compressionTypes() {
        try {
            List<String> names = new ArrayList<>();
            (codec != null ? codec : Codecs.cpu()).registry().packs().forEach(pack -> names.add(pack.name()));
            String preferred = System.getProperty(MODEL_PROPERTY);
            if (preferred != null && names.remove(preferred)) {
                names.add(0, preferred);
            }
            if (!names.isEmpty()) {
                return names.stream().distinct().toArray(String[]::new);
            }
        }
        catch (RuntimeException e) {
            // no usable registry: fall through to a type that still lets generic callers configure quality
        }
        return new String[] {FALLBACK_COMPRESSION_TYPE};
    }

    @Override
    public boolean canWriteRasters() {
        return true;
    }

    @Override
    public IIOMetadata getDefaultImageMetadata(ImageTypeSpecifier imageType, ImageWriteParam param) {
        return LciMetadata.forWriting(imageType);
    }

    /** Keeps ICC/EXIF/XMP of LCI metadata (read or written); other formats' metadata is not translated. */
    @Override
    public IIOMetadata convertImageMetadata(IIOMetadata inData, ImageTypeSpecifier imageType, ImageWriteParam param) {
        if (inData == null) {
            throw new IllegalArgumentException("inData == null");
        }
        if (inData instanceof LciMetadata lci) {
            LciMetadata copy = LciMetadata.forWriting(imageType);
            try {
                copy.mergeTree(LciMetadataFormat.NATIVE_FORMAT_NAME,
                        lci.getAsTree(LciMetadataFormat.NATIVE_FORMAT_NAME));
            }
            catch (IIOInvalidTreeException e) {
                return null;
            }
            return copy;
        }
        return null;
    }

    @Override
    public void write(IIOMetadata streamMetadata, IIOImage image, ImageWriteParam param) throws IOException {
        assertOutput();
        if (image == null) {
            throw new IllegalArgumentException("image == null");
        }
        LciImageWriteParam settings = settingsFrom(param);
        Source source = Source.of(image, param);
        EncodeOptions options = encodeOptions(settings, sideData(image.getMetadata(), source.iccProfile()));

        clearAbortRequest();
        processImageStarted(0);
        ByteArrayOutputStream coded = new ByteArrayOutputStream();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void tileDone(int tilesDone, int tileCount) {
                processImageProgress(100f * tilesDone / tileCount);
            }

            @Override
            public boolean isCancelled() {
                return abortRequested();
            }
        };
        try {
            LciCodec codec = this.codec != null ? this.codec : Codecs.forDevice(settings.getDevice());
            if (source.image() != null) {
                codec.encode(source.image(), options, coded, listener);
            }
            else {
                codec.encode(source.raster(), options, coded, listener);
            }
        }
        catch (CancellationException e) {
            processWriteAborted();
            return;
        }
        catch (IIOException e) {
            throw e;
        }
        catch (IOException | RuntimeException e) {
            throw new IIOException("LCI encode failed: " + e.getMessage(), e);
        }
        if (abortRequested()) {
            processWriteAborted();
            return;
        }
        imageOutput.write(coded.toByteArray());
        imageOutput.flush();
        processImageComplete();
    }

    /** Reads the caller's parameters, whether ours or a generic {@link ImageWriteParam}. */
    private LciImageWriteParam settingsFrom(ImageWriteParam param) {
        if (param instanceof LciImageWriteParam lci) {
            return lci;
        }
        LciImageWriteParam settings = getDefaultWriteParam();
        if (param != null && param.canWriteCompressed() && param.getCompressionMode() == ImageWriteParam.MODE_EXPLICIT) {
            settings.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            settings.setCompressionQuality(param.getCompressionQuality());
        }
        return settings;
    }

    private static EncodeOptions encodeOptions(LciImageWriteParam settings, ImageMetadata sideData) {
        EncodeOptions.Builder options = EncodeOptions.builder()
                .tileSize(settings.getTileSize())
                .metadata(sideData);
        if (settings.getTargetSize() > 0) {
            options.targetBytes(settings.getTargetSize());
        }
        else {
            options.quality(settings.effectiveQuality());
        }
        String model = settings.effectiveModel();
        if (!FALLBACK_COMPRESSION_TYPE.equals(model)) {
            options.modelPack(model);
        }
        return options.build();
    }

    /**
     * ICC/EXIF/XMP to store: from LCI metadata (or a JPEG reader's EXIF/XMP markers), and the source's own ICC
     * profile when its samples are coded as they are.
     */
    private static ImageMetadata sideData(IIOMetadata metadata, byte[] sourceProfile) {
        byte[] icc = null;
        byte[] exif = null;
        byte[] xmp = null;
        JpegSideData jpeg = JpegSideData.of(metadata);
        if (metadata instanceof LciMetadata lci) {
            icc = lci.iccProfile();
            exif = lci.exif();
            xmp = lci.xmp();
        }
        else if (jpeg != null) {
            exif = jpeg.exif;
            xmp = jpeg.xmp;
        }
        if (icc == null) {
            icc = sourceProfile;
        }
        return icc == null && exif == null && xmp == null ? ImageMetadata.EMPTY : new ImageMetadata(icc, exif, xmp);
    }

    /** What to hand the runtime: the caller's image or raster, with source region and subsampling applied. */
    record Source(BufferedImage image, Raster raster, byte[] iccProfile) {
        static Source of(IIOImage iioImage, ImageWriteParam param) throws IIOException {
            if (iioImage.hasRaster()) {
                Raster raster = iioImage.getRaster();
                return new Source(null, SourceRegions.apply(raster, param), null);
            }
            RenderedImage rendered = iioImage.getRenderedImage();
            BufferedImage image = SourceRegions.apply(SourceRegions.toBuffered(rendered), param);
            byte[] profile = SourceRegions.nonSrgbProfile(image);
            if (profile != null) {
                // Code the samples as they are and keep their profile, rather than converting to sRGB.
                return new Source(null, image.getRaster(), profile);
            }
            return new Source(image, null, null);
        }
    }
}
