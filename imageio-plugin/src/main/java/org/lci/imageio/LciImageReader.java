package org.lci.imageio;

import com.twelvemonkeys.imageio.ImageReaderBase;
import com.twelvemonkeys.imageio.util.IIOUtil;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Reads LCI images through ImageIO.
 * <p>
 * Besides the standard parameters (source region, subsampling, destination, destination type/offset) an
 * {@link LciImageReadParam} selects a resolution tier, which is synthesised directly at its smaller size.
 * A source region decodes only the tiles it touches. Subsampling picks pixels of the (region's) decode
 * at the full size of the chosen tier, so it equals point sampling of a full decode. The smallest tier is
 * offered as the thumbnail.
 */
public final class LciImageReader extends ImageReaderBase {
    private LciCodec codec;     // null: the JVM-wide shared codec

    private RandomAccessSource data; // the input: the stream itself, or its bytes when its length is unknown
    private LciInfo info;       // header as the runtime reads it
    private LciMetadata metadata;
    private ImageTypes types;   // destination types, from the header and its ICC profile

    LciImageReader(ImageReaderSpi provider) {
        super(provider);
    }

    /**
     * Uses the given codec instead of the JVM-wide {@link LciCodec#shared()} one, e.g. for other thread
     * settings or a private model pack registry. The caller keeps ownership (and closes it).
     */
    public void setCodec(LciCodec codec) {
        this.codec = codec;
    }

    private LciCodec codec() {
        return codec != null ? codec : Codecs.cpu();
    }

    @Override
    protected void resetMembers() {
        data = null;
        info = null;
        metadata = null;
        types = null;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().height();
    }

    @Override
    public ImageTypeSpecifier getRawImageType(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return imageTypes().raw();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return imageTypes().all().iterator();
    }

    @Override
    public ImageReadParam getDefaultReadParam() {
        return new LciImageReadParam();
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        if (metadata == null) {
            LciInfo header = header();
            metadata = LciMetadata.of(imageTypes().raw(), FileInfos.of(header, data, codec()),
                    header.metadata().icc(), header.metadata().exif(), header.metadata().xmp());
        }
        return metadata;
    }

    /** The header of the current input, as the plugin and the CLI describe it. */
    public LciFileInfo getFileInfo(int imageIndex) throws IOException {
        return ((LciMetadata) getImageMetadata(imageIndex)).fileInfo();
    }

    /** @return the number of resolution tiers in the file (tier 0 is full size). */
    public int getNumResolutionTiers(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().tierCount();
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        checkBounds(imageIndex);
        LciInfo header = header();
        int tier = tierOf(param, header);
        int dataTier = completeTier(header, tier);
        int width = header.tierWidth(tier);
        int height = header.tierHeight(tier);

        BufferedImage destination = getDestination(param, getImageTypes(imageIndex), width, height);
        Rectangle srcRegion = new Rectangle();
        Rectangle destRegion = new Rectangle();
        computeRegions(param, width, height, destination, srcRegion, destRegion);
        if (param != null && (param.getSourceBands() != null || param.getDestinationBands() != null)) {
            throw new IllegalArgumentException("LCI reader: source/destination band selection is not supported");
        }

        clearAbortRequest();
        processImageStarted(imageIndex);
        decode(header, tier, dataTier, srcRegion, destRegion, param, destination, this::processImageProgress);
        if (abortRequested()) {
            processReadAborted();
        }
        else {
            processImageComplete();
        }
        return destination;
    }

    @Override
    public boolean readerSupportsThumbnails() {
        return true;
    }

    @Override
    public boolean hasThumbnails(int imageIndex) throws IOException {
        return getNumThumbnails(imageIndex) > 0;
    }

    /** One thumbnail: the smallest resolution tier, decoded without touching the finer tiers' bytes. */
    @Override
    public int getNumThumbnails(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        header();
        return 1;
    }

    @Override
    public int getThumbnailWidth(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnailBounds(imageIndex, thumbnailIndex);
        LciInfo header = header();
        return header.tierWidth(header.tierCount() - 1);
    }

    @Override
    public int getThumbnailHeight(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnailBounds(imageIndex, thumbnailIndex);
        LciInfo header = header();
        return header.tierHeight(header.tierCount() - 1);
    }

    @Override
    public BufferedImage readThumbnail(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnailBounds(imageIndex, thumbnailIndex);
        LciInfo header = header();
        int tier = header.tierCount() - 1;
        int dataTier = completeTier(header, tier);
        int width = header.tierWidth(tier);
        int height = header.tierHeight(tier);
        BufferedImage destination = getDestination(null, getImageTypes(imageIndex), width, height);
        Rectangle whole = new Rectangle(width, height);

        clearAbortRequest();
        processThumbnailStarted(imageIndex, thumbnailIndex);
        decode(header, tier, dataTier, whole, whole, null, destination, this::processThumbnailProgress);
        if (abortRequested()) {
            processReadAborted();
        }
        else {
            processThumbnailComplete();
        }
        return destination;
    }

    private void checkThumbnailBounds(int imageIndex, int thumbnailIndex) throws IOException {
        checkBounds(imageIndex);
        if (thumbnailIndex != 0) {
            throw new IndexOutOfBoundsException("thumbnailIndex must be 0: " + thumbnailIndex);
        }
    }

    /**
     * The tier whose data a read of {@code tier} decodes: the tier itself, or, when a truncated file lacks its data,
     * the finest complete tier, scaled up to the size asked for, with a warning to the listeners. Checked before any
     * destination is allocated.
     *
     * @throws IIOException when the file is cut short before the data of any tier is complete
     */
    private int completeTier(LciInfo header, int tier) throws IOException {
        // The runtime refuses such a tile grid when decoding; refuse it before the destination is allocated, or a
        // ~150-byte file declaring one 22000-px tile costs a 1.45 GB destination first.
        if (header.tileSize() > org.lci.runtime.EncodeOptions.MAX_TILE_SIZE || 2 * header.overlap() > header.tileSize()) {
            throw new IIOException("tile grid T = " + header.tileSize() + ", O = " + header.overlap() + ": expected T <= "
                    + org.lci.runtime.EncodeOptions.MAX_TILE_SIZE + " and O <= T / 2");
        }
        int finest = header.finestCompleteTier();
        if (finest < 0) {
            throw new IIOException("truncated LCI file: no resolution tier is complete (the file ends at " + data.length()
                    + " bytes, inside the tile data of the smallest tier)");
        }
        if (finest <= tier) {
            return tier;
        }
        processWarningOccurred("truncated LCI file (" + data.length() + " bytes): tier " + tier
                + " is incomplete; decoded tier " + finest + " (" + header.tierWidth(finest) + "x"
                + header.tierHeight(finest) + ") and scaled it up to " + header.tierWidth(tier) + "x"
                + header.tierHeight(tier));
        return finest;
    }

    /**
     * Decodes {@code srcRegion} (tier coordinates) of the given tier into {@code destRegion} of the destination.
     * Without subsampling the runtime writes straight into the destination; with it, the region is decoded
     * at the tier's full size and every n-th pixel is copied. When {@code dataTier} is coarser than {@code tier}
     * (a truncated file), that tier is decoded and scaled up (pixel replication) first.
     */
    private void decode(LciInfo header, int tier, int dataTier, Rectangle srcRegion, Rectangle destRegion,
                        ImageReadParam param, BufferedImage destination, Consumer<Float> progress) throws IOException {
        DecodeOptions options = DecodeOptions.tier(dataTier).withRegion(Tiers.toFullResolution(header, tier, srcRegion));
        ProgressListener listener = new ProgressListener() {
            @Override
            public void tileDone(int tilesDone, int tileCount) {
                progress.accept(100f * tilesDone / tileCount);
            }

            @Override
            public boolean isCancelled() {
                return abortRequested();
            }
        };
        int xSub = param == null ? 1 : param.getSourceXSubsampling();
        int ySub = param == null ? 1 : param.getSourceYSubsampling();
        BufferedImage target = ImageTypes.codedSamplesView(destination);
        try {
            if (dataTier != tier) {
                BufferedImage coarse = codec().decode(data, options, listener);
                copySubsampled(Tiers.scaleUp(coarse, srcRegion, dataTier - tier), xSub, ySub, target, destRegion);
            }
            else if (xSub == 1 && ySub == 1) {
                codec().decodeInto(data, options, target, destRegion.getLocation(), listener);
            }
            else {
                BufferedImage full = codec().decode(data, options, listener);
                copySubsampled(full, xSub, ySub, target, destRegion);
            }
        }
        catch (IIOException e) {
            throw e;
        }
        catch (IOException | RuntimeException e) {
            throw new IIOException("LCI decode failed: " + e.getMessage(), e);
        }
    }

    private static void copySubsampled(BufferedImage source, int xSub, int ySub,
                                       BufferedImage destination, Rectangle destRegion) {
        boolean sameLayout = source.getType() == destination.getType() && source.getType() != BufferedImage.TYPE_CUSTOM;
        WritableRaster from = source.getRaster();
        WritableRaster to = destination.getRaster();
        Object pixel = null;
        for (int y = 0; y < destRegion.height; y++) {
            int sy = y * ySub;
            if (sy >= source.getHeight()) {
                break; // an aborted decode may be shorter than asked for; never the case when complete
            }
            for (int x = 0; x < destRegion.width; x++) {
                int sx = x * xSub;
                if (sameLayout) {
                    pixel = from.getDataElements(sx, sy, pixel);
                    to.setDataElements(destRegion.x + x, destRegion.y + y, pixel);
                }
                else {
                    destination.setRGB(destRegion.x + x, destRegion.y + y, source.getRGB(sx, sy));
                }
            }
        }
    }

    private static int tierOf(ImageReadParam param, LciInfo header) throws IIOException {
        int tier = param instanceof LciImageReadParam lci ? lci.getResolutionTier() : 0;
        if (tier >= header.tierCount()) {
            throw new IIOException("resolution tier " + tier + " not in file (it has tiers 0.."
                    + (header.tierCount() - 1) + ")");
        }
        return tier;
    }

    private ImageTypes imageTypes() throws IOException {
        if (types == null) {
            types = ImageTypes.of(header());
        }
        return types;
    }

    /**
     * Checks the signature and parses the header, once per input. Streams of known length are read on demand
     * (a tier or region reads only its segments); others are read to their end first.
     */
    private LciInfo header() throws IOException {
        assertInput();
        if (info == null) {
            imageInput.seek(0);
            Signature.check(imageInput);
            imageInput.seek(0);
            long length = imageInput.length();
            RandomAccessSource source = length > 0 ? new StreamSource(imageInput, 0, length)
                    : RandomAccessSource.of(IIOUtil.createStreamAdapter(imageInput).readAllBytes());
            try {
                info = codec().readInfo(source);
            }
            catch (IOException | RuntimeException e) {
                throw new IIOException("Not a valid LCI file: " + e.getMessage(), e);
            }
            data = source;
        }
        return info;
    }

    /** Sizes and regions between the tiers; the runtime takes regions in full-resolution pixels. */
    static final class Tiers {
        private Tiers() { }

        /** @return the tier-0 rectangle whose tier-k decode is exactly {@code region}, or null for the whole image. */
        static Rectangle toFullResolution(LciInfo header, int tier, Rectangle region) {
            if (region.x == 0 && region.y == 0 && region.width == header.tierWidth(tier)
                    && region.height == header.tierHeight(tier)) {
                return null;
            }
            long x = (long) region.x << tier;
            long y = (long) region.y << tier;
            long right = Math.min((long) (region.x + region.width) << tier, header.width());
            long bottom = Math.min((long) (region.y + region.height) << tier, header.height());
            return new Rectangle((int) x, (int) y, (int) (right - x), (int) (bottom - y));
        }

        /**
         * {@code region} (coordinates of a tier) filled from {@code coarse}, the decode of the same region at a tier
         * {@code shift} levels coarser, by pixel replication.
         */
        static BufferedImage scaleUp(BufferedImage coarse, Rectangle region, int shift) {
            BufferedImage out = new BufferedImage(region.width, region.height, coarse.getType());
            WritableRaster from = coarse.getRaster();
            WritableRaster to = out.getRaster();
            int x0 = region.x >> shift;
            int y0 = region.y >> shift;
            Object pixel = null;
            for (int y = 0; y < region.height; y++) {
                int sy = Math.min(((region.y + y) >> shift) - y0, coarse.getHeight() - 1);
                for (int x = 0; x < region.width; x++) {
                    int sx = Math.min(((region.x + x) >> shift) - x0, coarse.getWidth() - 1);
                    pixel = from.getDataElements(sx, sy, pixel);
                    to.setDataElements(x, y, pixel);
                }
            }
            return out;
        }
    }
}
