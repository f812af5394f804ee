package org.lci.server;

import java.awt.Rectangle;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a IIIF Image API 3.0 image request, {@code {region}/{size}/{rotation}/{quality}.{format}},
 * parsed (syntax only) and then resolved against an image's size and the server's limits into a {@link Plan}.
 * Every refusal is an {@link HttpError} 400 naming the parameter.
 */
final class ImageRequest {
    enum Quality { DEFAULT, COLOR, GRAY, BITONAL }

    enum Format {
        JPG("image/jpeg", "jpeg"), PNG("image/png", "png");

        final String mediaType;
        final String imageIoName;

        Format(String mediaType, String imageIoName) {
            this.mediaType = mediaType;
            this.imageIoName = imageIoName;
        }
    }

    /**
     * A resolved request.
     *
     * @param region    the region in full-resolution pixels, inside the image
     * @param width     output width before rotation
     * @param height    output height before rotation
     * @param mirror    mirror horizontally before rotating
     * @param degrees   clockwise rotation, 0 <= degrees < 360
     * @param canonical the canonical form of the four parameters (IIIF 3.0 section 4.7)
     */
    record Plan(Rectangle region, int width, int height, boolean mirror, double degrees, Quality quality,
                Format format, String canonical) { }

    private static final Pattern PIXELS = Pattern.compile("(\\d{1,9}),(\\d{1,9}),(\\d{1,9}),(\\d{1,9})");
    private static final String NUMBER = "(\\d{1,9}(?:\\.\\d{1,9})?|\\.\\d{1,9})";
    private static final Pattern PERCENT = Pattern.compile("pct:" + NUMBER + "," + NUMBER + "," + NUMBER + "," + NUMBER);
    private static final Pattern SIZE = Pattern.compile("(\\^)?(?:(max)|pct:" + NUMBER
            + "|(!)?(\\d{1,9})?,(\\d{1,9})?)");
    private static final Pattern ROTATION = Pattern.compile("(!)?" + NUMBER);

    private final String region;
    private final String size;
    private final boolean mirror;
    private final double degrees;
    private final Quality quality;
    private final Format format;

    private ImageRequest(String region, String size, boolean mirror, double degrees, Quality quality, Format format) {
        this.region = region;
        this.size = size;
        this.mirror = mirror;
        this.degrees = degrees;
        this.quality = quality;
        this.format = format;
    }

    /** Parses the four path segments (already percent-decoded). */
    static ImageRequest parse(String region, String size, String rotation, String qualityAndFormat) throws HttpError {
        if (!region.equals("full") && !region.equals("square") && !PIXELS.matcher(region).matches()
                && !PERCENT.matcher(region).matches()) {
            throw HttpError.badRequest("region: expected full, square, x,y,w,h or pct:x,y,w,h, found '" + clip(region) + "'");
        }
        if (!SIZE.matcher(size).matches()) {
            throw HttpError.badRequest("size: expected max, w,, ,h, pct:n, w,h or !w,h (optionally with ^), found '"
                    + clip(size) + "'");
        }
        Matcher r = ROTATION.matcher(rotation);
        if (!r.matches()) {
            throw HttpError.badRequest("rotation: expected a number of degrees 0..360, optionally after !, found '"
                    + clip(rotation) + "'");
        }
        double degrees = Double.parseDouble(r.group(2));
        if (degrees > 360) {
            throw HttpError.badRequest("rotation: expected 0..360 degrees, found " + r.group(2));
        }
        int dot = qualityAndFormat.lastIndexOf('.');
        if (dot < 0) {
            throw HttpError.badRequest("expected {quality}.{format} as the last path segment, found '"
                    + clip(qualityAndFormat) + "'");
        }
        Quality quality = switch (qualityAndFormat.substring(0, dot)) {
            case "default" -> Quality.DEFAULT;
            case "color" -> Quality.COLOR;
            case "gray" -> Quality.GRAY;
            case "bitonal" -> Quality.BITONAL;
            default -> throw HttpError.badRequest("quality: expected default, color, gray or bitonal, found '"
                    + clip(qualityAndFormat.substring(0, dot)) + "'");
        };
        Format format = switch (qualityAndFormat.substring(dot + 1)) {
            case "jpg" -> Format.JPG;
            case "png" -> Format.PNG;
            default -> throw HttpError.badRequest("format: expected jpg or png, found '"
                    + clip(qualityAndFormat.substring(dot + 1)) + "'");
        };
        return new ImageRequest(region, size, r.group(1) != null, degrees % 360, quality, format);
    }

    /** Resolves against an image of {@code width} x {@code height} (gray: its default quality is gray). */
    Plan resolve(int width, int height, boolean gray, ServerLimits limits) throws HttpError {
        Rectangle area = region(width, height);
        int[] out = size(area.width, area.height, limits);
        Quality q = quality == Quality.COLOR && gray ? Quality.GRAY : quality;
        String canonicalRegion = area.x == 0 && area.y == 0 && area.width == width && area.height == height
                ? "full" : area.x + "," + area.y + "," + area.width + "," + area.height;
        int[] max = maxSize(area.width, area.height, limits, false);
        String canonicalSize = out[0] == max[0] && out[1] == max[1] ? "max"
                : (out[0] > area.width || out[1] > area.height ? "^" : "") + out[0] + "," + out[1];
        String canonicalRotation = (mirror ? "!" : "") + BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString();
        String canonicalQuality = q == Quality.DEFAULT || q == Quality.COLOR && !gray || q == Quality.GRAY && gray
                ? "default" : q.name().toLowerCase(Locale.ROOT);
        String canonical = canonicalRegion + "/" + canonicalSize + "/" + canonicalRotation + "/" + canonicalQuality
                + "." + format.name().toLowerCase(Locale.ROOT);
        long[] rotated = Pixels.rotatedSize(out[0], out[1], degrees);
        if (rotated[0] > limits.maxWidth() || rotated[1] > limits.maxHeight()
                || rotated[0] * rotated[1] > limits.maxArea()) {
            throw HttpError.badRequest("rotation: " + BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString()
                    + " degrees turns the " + out[0] + "x" + out[1] + " output into " + rotated[0] + "x" + rotated[1]
                    + ", over this server's limits (maxWidth " + limits.maxWidth() + ", maxHeight " + limits.maxHeight()
                    + ", maxArea " + limits.maxArea() + ")");
        }
        return new Plan(area, out[0], out[1], mirror, degrees, q, format, canonical);
    }

    private Rectangle region(int width, int height) throws HttpError {
        Rectangle image = new Rectangle(width, height);
        Rectangle asked;
        if (region.equals("full")) {
            return image;
        }
        if (region.equals("square")) {
            int side = Math.min(width, height);
            return new Rectangle((width - side) / 2, (height - side) / 2, side, side);
        }
        Matcher px = PIXELS.matcher(region);
        if (px.matches()) {
            asked = new Rectangle(Integer.parseInt(px.group(1)), Integer.parseInt(px.group(2)),
                    Integer.parseInt(px.group(3)), Integer.parseInt(px.group(4)));
        }
        else {
            Matcher pct = PERCENT.matcher(region);
            pct.matches();
            double x = Double.parseDouble(pct.group(1)) * width / 100;
            double y = Double.parseDouble(pct.group(2)) * height / 100;
            double w = Double.parseDouble(pct.group(3)) * width / 100;
            double h = Double.parseDouble(pct.group(4)) * height / 100;
            int x0 = (int) Math.min(Integer.MAX_VALUE, Math.round(x));
            int y0 = (int) Math.min(Integer.MAX_VALUE, Math.round(y));
            asked = new Rectangle(x0, y0, (int) Math.min(Integer.MAX_VALUE - x0, Math.round(x + w) - x0),
                    (int) Math.min(Integer.MAX_VALUE - y0, Math.round(y + h) - y0));
        }
        if (asked.width <= 0 || asked.height <= 0) {
            throw HttpError.badRequest("region: expected a width and height above 0 pixels, found " + asked.width + "x"
                    + asked.height + " for '" + region + "'");
        }
        Rectangle clipped = image.intersection(asked);
        if (clipped.isEmpty()) {
            throw HttpError.badRequest("region: '" + region + "' lies outside the " + width + "x" + height + " image");
        }
        return clipped;
    }

    private int[] size(int rw, int rh, ServerLimits limits) throws HttpError {
        Matcher m = SIZE.matcher(size);
        m.matches();
        boolean up = m.group(1) != null;
        long w;
        long h;
        if (m.group(2) != null) {
            int[] max = maxSize(rw, rh, limits, up);
            w = max[0];
            h = max[1];
        }
        else if (m.group(3) != null) {
            double pct = Double.parseDouble(m.group(3));
            if (pct > 100 && !up) {
                throw HttpError.badRequest("size: pct:" + m.group(3) + " enlarges the region: use ^pct:");
            }
            w = Math.round(rw * pct / 100);
            h = Math.round(rh * pct / 100);
        }
        else if (m.group(4) != null) {
            if (m.group(5) == null || m.group(6) == null) {
                throw HttpError.badRequest("size: !w,h needs both w and h, found '" + size + "'");
            }
            double f = Math.min(Double.parseDouble(m.group(5)) / rw, Double.parseDouble(m.group(6)) / rh);
            if (!up) {
                f = Math.min(f, 1);
            }
            int[] fitted = fit(rw, rh, f, limits);
            w = fitted[0];
            h = fitted[1];
        }
        else {
            String ws = m.group(5);
            String hs = m.group(6);
            if (ws == null && hs == null) {
                throw HttpError.badRequest("size: ',' names neither a width nor a height");
            }
            w = ws != null ? Long.parseLong(ws) : Math.round((double) rw * Long.parseLong(hs) / rh);
            h = hs != null ? Long.parseLong(hs) : Math.round((double) rh * Long.parseLong(ws) / rw);
        }
        if (w < 1 || h < 1) {
            throw HttpError.badRequest("size: '" + size + "' gives " + w + "x" + h + " pixels for a " + rw + "x" + rh
                    + " region; expected at least 1x1");
        }
        if (!up && (w > rw || h > rh)) {
            throw HttpError.badRequest("size: " + w + "x" + h + " is larger than the " + rw + "x" + rh
                    + " region; prefix the size with ^ to allow upscaling");
        }
        if (w > limits.maxWidth() || h > limits.maxHeight() || w * h > limits.maxArea()) {
            throw HttpError.badRequest("size: " + w + "x" + h + " exceeds this server's limits (maxWidth "
                    + limits.maxWidth() + ", maxHeight " + limits.maxHeight() + ", maxArea " + limits.maxArea() + ")");
        }
        return new int[] {(int) w, (int) h};
    }

    /** What {@code max} (or {@code ^max}) gives: the region, scaled down (or up) to the server's limits. */
    private static int[] maxSize(int rw, int rh, ServerLimits limits, boolean up) {
        return fit(rw, rh, up ? Double.MAX_VALUE : 1, limits);
    }

    /** The region scaled by at most {@code f}, as large as possible within the limits, aspect ratio kept. */
    private static int[] fit(int rw, int rh, double f, ServerLimits limits) {
        double g = Math.min(f, Math.min((double) limits.maxWidth() / rw, (double) limits.maxHeight() / rh));
        g = Math.min(g, Math.sqrt((double) limits.maxArea() / ((double) rw * rh)));
        long w = Math.max(1, (long) Math.floor(rw * g + 1e-9));
        long h = Math.max(1, (long) Math.floor(rh * g + 1e-9));
        if (g >= 1 && f == 1) { // no scaling: exactly the region
            w = rw;
            h = rh;
        }
        while (w * h > limits.maxArea()) { // floor rounding can still overshoot by a row
            if (w >= h) {
                w--;
            }
            else {
                h--;
            }
        }
        return new int[] {(int) Math.min(w, limits.maxWidth()), (int) Math.min(h, limits.maxHeight())};
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
