package org.lci.server;

import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.CodecClosedException;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;
import org.lci.runtime.TileCache;

/**
 * Turns a resolved IIIF request into image bytes: picks the coarsest tier that still has at least the output's
 * pixels, decodes only the region's tiles at that tier, then resamples, orients and encodes (JPEG or PNG).
 */
final class Renderer {
    /** JPEG quality of IIIF responses (the IIIF default quality is "as good as the source allows"). */
    static final float JPEG_QUALITY = 0.9f;

    /** What the server knows about one file without decoding it. */
    record Facts(LciInfo info) {
        /** The finest tier every pixel request can use (0 unless the file is truncated). */
        int finestTier() {
            return Math.max(0, info.finestCompleteTier());
        }
    }

    /** One rendered response and how it was made (for the log and the tests). */
    record Rendered(byte[] bytes, int tier, int tiles, Rectangle decoded) { }

    private final LciCodec codec;
    private final ServerLimits limits;
    private final TileCache tileCache;

    /** @param tileCache tile syntheses shared by all requests (neighbouring IIIF tiles need the same file tiles) */
    Renderer(LciCodec codec, ServerLimits limits, TileCache tileCache) {
        this.codec = codec;
        this.limits = limits;
        this.tileCache = tileCache;
    }

    /** Header facts (one parse of the header and tile index); a file that cannot be parsed is a 422 naming what is wrong. */
    Facts facts(ImageStore.Entry entry) throws HttpError {
        try (RandomAccessSource source = RandomAccessSource.open(entry.path())) {
            LciInfo info = codec.readInfo(source);
            if (info.finestCompleteTier() < 0) {
                throw damaged(entry, "truncated before any resolution tier is complete");
            }
            return new Facts(info);
        }
        catch (IOException | RuntimeException e) {
            throw damaged(entry, e.getMessage());
        }
    }

    /**
     * The length of the prefix that decodes {@code tier} (format-spec {@code LciReader.tierPrefixLength}), or -1
     * when the file does not hold it; read only for {@code /lci/{id}?tier=k}, never for pixel requests.
     */
    long prefixLength(ImageStore.Entry entry, int tier) throws HttpError {
        try (LciReader reader = LciReader.open(RandomAccessSource.open(entry.path()), codec.options().limits())) {
            if (tier >= reader.header().tierCount()) {
                throw HttpError.badRequest("tier: image '" + entry.id() + "' has tiers 0.."
                        + (reader.header().tierCount() - 1) + ", found " + tier);
            }
            return reader.tierPrefixLength(tier);
        }
        catch (IOException | RuntimeException e) {
            throw damaged(entry, e.getMessage());
        }
    }

    /** The coarsest decodable tier whose pixels of {@code region} number at least {@code width} x {@code height}. */
    static int chooseTier(Facts facts, Rectangle region, int width, int height) {
        LciInfo info = facts.info();
        int best = facts.finestTier();
        for (int k = facts.finestTier(); k < info.tierCount(); k++) {
            Rectangle t = info.tierRegion(k, region);
            if (t.width >= width && t.height >= height
                    && info.tierScaleLog2(k) > info.tierScaleLog2(best)) {
                best = k;
            }
        }
        return best;
    }

    Rendered render(ImageStore.Entry entry, Facts facts, ImageRequest.Plan plan) throws HttpError {
        LciInfo info = facts.info();
        int tier = chooseTier(facts, plan.region(), plan.width(), plan.height());
        Rectangle decoded = info.tierRegion(tier, plan.region());
        if ((long) decoded.width * decoded.height > limits.maxDecodeArea()) {
            throw HttpError.badRequest("region " + plan.region().width + "x" + plan.region().height + " at size "
                    + plan.width() + "x" + plan.height() + " needs a " + decoded.width + "x" + decoded.height
                    + " decode of tier " + tier + ", over this server's limit of " + limits.maxDecodeArea()
                    + " pixels: ask for a smaller region");
        }
        int[] tileCount = new int[1];
        BufferedImage image;
        try (RandomAccessSource source = RandomAccessSource.open(entry.path())) {
            DecodeOptions options = DecodeOptions.tier(tier).withRegion(plan.region())
                    .withTileCache(tileCache, entry.path() + "|" + entry.version());
            image = codec.decode(source, options, new ProgressListener() {
                @Override
                public void tileDone(int done, int count) {
                    tileCount[0] = count;
                }
            });
        }
        catch (CodecClosedException e) {
            throw new HttpError(503, "the server is shutting down");
        }
        catch (IOException | RuntimeException e) {
            throw damaged(entry, e.getMessage());
        }
        double scale = 1 << info.tierScaleLog2(tier);
        Rectangle2D.Double source = new Rectangle2D.Double(plan.region().x / scale - decoded.x,
                plan.region().y / scale - decoded.y, plan.region().width / scale, plan.region().height / scale);
        Pixels.Argb pixels = Pixels.resample(Pixels.Argb.of(image), source, plan.width(), plan.height());
        pixels = Pixels.orient(pixels, plan.mirror(), plan.degrees());
        BufferedImage out = Pixels.toImage(pixels, plan.quality(), plan.format());
        return new Rendered(encode(out, plan.format()), tier, tileCount[0], decoded);
    }

    private static byte[] encode(BufferedImage image, ImageRequest.Format format) throws HttpError {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName);
        if (!writers.hasNext()) {
            throw new HttpError(501, "no " + format.imageIoName + " writer in this JVM");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageRequest.Format.JPG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        }
        catch (IOException e) {
            throw new HttpError(500, "encoding the " + format.imageIoName + " response failed: " + e.getMessage());
        }
        finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static HttpError damaged(ImageStore.Entry entry, String why) {
        // The request is fine; the file is not. 422: the server understood it but cannot process this source.
        return new HttpError(422, "image '" + entry.id() + "' cannot be decoded: " + why);
    }
}
