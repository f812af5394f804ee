package org.lci.imageio;

import com.twelvemonkeys.imageio.ImageReaderBase;
import com.twelvemonkeys.imageio.util.IIOUtil;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;
import org.lci.runtime.TileCache;

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
 * The file's resolution tiers are its images, as in a pyramid TIFF: image k is tier k ({@link #getNumImages}
 * = tier count, {@code getWidth(k)} = tier k's width), so {@code ImageIO.read} gets full size and image servers
 * that pick "the smallest image that fits" find the tiers. The smallest tier is also offered as the thumbnail,
 * and an {@link LciImageReadParam} can select a tier for image 0 (the coarser of the two wins).
 * <p>
 * Besides the standard parameters (source region, subsampling, destination, destination type/offset):
 * a source region decodes only the tiles it touches; a power-of-two subsampling (offsets 0, region aligned)
 * is answered from the coarsest tier it allows — an area-averaged, cheaper decode instead of point samples of a
 * full one — and any remaining subsampling picks pixels of that tier. Files with a tile grid report
 * {@code isImageTiled} with the grid's tiles at each tier's scale, and {@link #readTile} decodes only the tiles
 * (and overlapping neighbours) it needs.
 */
public final class LciImageReader extends ImageReaderBase {
    /**
     * System property: bytes of synthesised tiles that all readers of the JVM keep and reuse (e.g. {@code 256m}), for
     * image servers that read the same files again and again (IIIF tiles of one file share file tiles; a viewer asks
     * for the same ones at each zoom). Unset or 0: none. Tiles are named by a SHA-256 of their coded data, so a
     * stream needs no name and a changed file never gets stale pixels. Read once, when the plugin is first used.
     */
    public static final String TILE_CACHE_PROPERTY = "org.lci.imageio.tileCacheBytes";

    /** One DEBUG line per decode (tier, tiles, region): lets server operators see that a thumbnail reads a small tier. */
    private static final System.Logger LOG = System.getLogger(LciImageReader.class.getName());

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

    private TileCache tileCache;
    private boolean tileCacheSet;

    /**
     * The tile cache of this reader's reads, thumbnails and {@link #readTile} included, instead of the JVM-wide one
     * ({@value #TILE_CACHE_PROPERTY}); null: none. A read param's own {@link LciImageReadParam#setTileCache} wins.
     */
    public void setTileCache(TileCache cache) {
        tileCache = cache;
        tileCacheSet = true;
    }

    private TileCache tileCache(ImageReadParam param) {
        if (param instanceof LciImageReadParam lci && lci.isTileCacheSet()) {
            return lci.getTileCache();
        }
        return tileCacheSet ? tileCache : Codecs.tileCache();
    }

    @Override
    protected void resetMembers() {
        data = null;
        info = null;
        metadata = null;
        types = null;
    }

    /** One image per resolution tier: image k is tier k (full size first). */
    @Override
    public int getNumImages(boolean allowSearch) throws IOException {
        return header().tierCount();
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().tierWidth(imageIndex);
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().tierHeight(imageIndex);
    }

    /** True when the file has a tile grid of more than one tile; tiles are then the grid's, at the tier's scale. */
    @Override
    public boolean isImageTiled(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().tileCount() > 1;
    }

    @Override
    public int getTileWidth(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        LciInfo h = header();
        return isImageTiled(imageIndex) ? Math.min(h.tierWidth(imageIndex), tierTile(h, imageIndex)) : h.tierWidth(imageIndex);
    }

    @Override
    public int getTileHeight(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        LciInfo h = header();
        return isImageTiled(imageIndex) ? Math.min(h.tierHeight(imageIndex), tierTile(h, imageIndex)) : h.tierHeight(imageIndex);
    }

    /** The tile size T at tier k's scale: exact, T is a multiple of 64 (SPEC.md 5). */
    private static int tierTile(LciInfo h, int tier) {
        return h.tileSize() >> h.tierScaleLog2(tier);
    }

    /** Tile (tileX, tileY) of tier {@code imageIndex}: only the file tiles it needs are decoded. */
    @Override
    public BufferedImage readTile(int imageIndex, int tileX, int tileY) throws IOException {
        checkBounds(imageIndex);
        int tw = getTileWidth(imageIndex);
        int th = getTileHeight(imageIndex);
        int w = getWidth(imageIndex);
        int h = getHeight(imageIndex);
        if (tileX < 0 || tileY < 0 || (long) tileX * tw >= w || (long) tileY * th >= h) {
            throw new IllegalArgumentException("tile " + tileX + "," + tileY + " is outside the " + w + "x" + h
                    + " image in tiles of " + tw + "x" + th);
        }
        ImageReadParam p = new ImageReadParam();
        p.setSourceRegion(new Rectangle(tileX * tw, tileY * th, Math.min(tw, w - tileX * tw), Math.min(th, h - tileY * th)));
        return read(imageIndex, p);
    }

    private volatile int lastTier = -1;
    private volatile int lastTiles = -1;

    /** Diagnostics for servers and tests: the tier whose data the last read decoded (-1: none yet). */
    public int lastDecodedTier() {
        return lastTier;
    }

    /** Diagnostics: how many file tiles the last read decoded. */
    public int lastDecodedTiles() {
        return lastTiles;
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

    /** Tier k decodes at 1/2^{@code getTierScaleLog2(k)} of full size, as the file's header declares. */
    public int getTierScaleLog2(int tier) throws IOException {
        LciInfo h = header();
        if (tier < 0 || tier >= h.tierCount()) {
            throw new IndexOutOfBoundsException("tier " + tier + " not in 0.." + (h.tierCount() - 1));
        }
        return h.tierScaleLog2(tier);
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
        int tier = Math.max(imageIndex, tierOf(param, header));
        int width = header.tierWidth(tier);
        int height = header.tierHeight(tier);
        if (param != null && (param.getSourceBands() != null || param.getDestinationBands() != null)) {
            throw new IllegalArgumentException("LCI reader: source/destination band selection is not supported");
        }
        Rectangle srcRegion = new Rectangle();
        Rectangle destRegion = new Rectangle();
        computeRegions(param, width, height, null, srcRegion, destRegion);   // sizes only: nothing allocated yet
        int xSub = param == null ? 1 : param.getSourceXSubsampling();
        int ySub = param == null ? 1 : param.getSourceYSubsampling();
        // A power-of-two subsampling is answered from the coarsest tier that divides it (area-averaged, cheaper).
        int decodeTier = tier;
        if (param == null || param.getSubsamplingXOffset() == 0 && param.getSubsamplingYOffset() == 0) {
            for (int t = tier + 1; t < header.tierCount(); t++) {
                int f = 1 << (header.tierScaleLog2(t) - header.tierScaleLog2(tier));
                if (xSub % f != 0 || ySub % f != 0 || srcRegion.x % f != 0 || srcRegion.y % f != 0) {
                    break;
                }
                decodeTier = t;
            }
        }
        int dataTier = completeTier(header, decodeTier);
        if ((long) width * height * 4 > LciCodec.VERIFY_BEFORE_ALLOCATING_BYTES) {
            // A small damaged file may declare a huge image: check the segments before allocating it.
            try {
                codec().verifySegments(data, DecodeOptions.tier(dataTier));
            }
            catch (IOException | RuntimeException e) {
                throw new IIOException("LCI decode failed: " + e.getMessage(), e);
            }
        }
        BufferedImage destination = getDestination(param, getImageTypes(imageIndex), width, height);
        computeRegions(param, width, height, destination, srcRegion, destRegion);
        if (decodeTier != tier) {
            int shift = header.tierScaleLog2(decodeTier) - header.tierScaleLog2(tier);
            int f = 1 << shift;
            int x0 = srcRegion.x >> shift;
            int y0 = srcRegion.y >> shift;
            int x1 = Math.min(header.tierWidth(decodeTier), (srcRegion.x + srcRegion.width + f - 1) >> shift);
            int y1 = Math.min(header.tierHeight(decodeTier), (srcRegion.y + srcRegion.height + f - 1) >> shift);
            srcRegion = new Rectangle(x0, y0, x1 - x0, y1 - y0);
            xSub /= f;
            ySub /= f;
        }

        clearAbortRequest();
        processImageStarted(imageIndex);
        decode(header, decodeTier, dataTier, srcRegion, destRegion, xSub, ySub, destination, tileCache(param),
                this::processImageProgress);
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
        decode(header, tier, dataTier, whole, whole, 1, 1, destination, tileCache(null), this::processThumbnailProgress);
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
                        int xSub, int ySub, BufferedImage destination, TileCache cache, Consumer<Float> progress)
            throws IOException {
        DecodeOptions options = DecodeOptions.tier(dataTier).withRegion(Tiers.toFullResolution(header, tier, srcRegion))
                .withTileCache(cache);
        lastTier = dataTier;
        lastTiles = 0;
        ProgressListener listener = new ProgressListener() {
            @Override
            public void tileDone(int tilesDone, int tileCount) {
                lastTiles = tileCount;
                progress.accept(100f * tilesDone / tileCount);
            }

            @Override
            public boolean isCancelled() {
                return abortRequested();
            }
        };
        BufferedImage target = ImageTypes.codedSamplesView(destination);
        try {
            if (dataTier != tier) {
                BufferedImage coarse = codec().decode(data, options, listener);
                copySubsampled(Tiers.scaleUp(coarse, srcRegion,
                        header.tierScaleLog2(dataTier) - header.tierScaleLog2(tier)), xSub, ySub, target, destRegion);
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
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "LCI decode: tier " + dataTier + " (" + header.tierWidth(dataTier) + "x"
                    + header.tierHeight(dataTier) + "), " + lastTiles + " of " + header.tileCount() + " tiles, region "
                    + srcRegion.x + "," + srcRegion.y + "," + srcRegion.width + "," + srcRegion.height
                    + ", subsampling " + xSub + "x" + ySub);
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
                int sx = Math.min(x * xSub, source.getWidth() - 1);
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
            int s = header.tierScaleLog2(tier);
            long x = (long) region.x << s;
            long y = (long) region.y << s;
            long right = Math.min((long) (region.x + region.width) << s, header.width());
            long bottom = Math.min((long) (region.y + region.height) << s, header.height());
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
