package org.lci.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lci.runtime.LciInfo;

/**
 * The IIIF Image API 3.0 {@code info.json} of an LCI file: {@code sizes} are the file's decodable tiers
 * (ascending), {@code tiles} the file's tile grid, with scale factors 1, 2, 4... until one tile covers the
 * image. A tile request at scale factor {@code 2^k} with {@code k} a tier's scale decodes that tier only.
 */
final class InfoJson {
    static final String CONTEXT = "http://iiif.io/api/image/3/context.json";
    static final String LEVEL2_PROFILE = "http://iiif.io/api/image/3/level2.json";
    /** Beyond level 2 (IIIF 3.0 section 6): what this server also does. */
    static final List<String> EXTRA_FEATURES = List.of("canonicalLinkHeader", "mirroring", "profileLinkHeader",
            "rotationArbitrary", "sizeUpscaling");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** JSON objects with their keys in this order (records serialize their components in order). */
    private record Size(int width, int height) { }

    private record SeeAlso(String id, String type, String format, Map<String, List<String>> label) { }

    private InfoJson() { }

    static String build(String id, Renderer.Facts facts, ServerLimits limits, String rawFileUri) {
        LciInfo info = facts.info();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@context", CONTEXT);
        json.put("id", id);
        json.put("type", "ImageService3");
        json.put("protocol", "http://iiif.io/api/image");
        json.put("profile", "level2");
        json.put("width", info.width());
        json.put("height", info.height());
        json.put("maxWidth", limits.maxWidth());
        json.put("maxHeight", limits.maxHeight());
        json.put("maxArea", limits.maxArea());
        List<Size> sizes = new ArrayList<>();
        for (int k = info.tierCount() - 1; k >= facts.finestTier(); k--) { // coarsest first: ascending sizes
            int w = info.tierWidth(k);
            int h = info.tierHeight(k);
            if (w <= limits.maxWidth() && h <= limits.maxHeight() && (long) w * h <= limits.maxArea()) {
                sizes.add(new Size(w, h));
            }
        }
        json.put("sizes", sizes);
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("width", info.tileSize());
        tiles.put("height", info.tileSize());
        tiles.put("scaleFactors", scaleFactors(info.width(), info.height(), info.tileSize()));
        json.put("tiles", List.of(tiles));
        json.put("extraQualities", info.grayscale() ? List.of("gray", "bitonal") : List.of("color", "gray", "bitonal"));
        json.put("extraFeatures", EXTRA_FEATURES);
        json.put("seeAlso", List.of(new SeeAlso(rawFileUri, "Dataset", "image/x-lci",
                Map.of("en", List.of("The LCI file; ?tier=k gives the byte prefix that decodes tier k")))));
        return GSON.toJson(json);
    }

    /** Powers of two from 1 until one tile of {@code tile} output pixels covers the whole image. */
    static List<Integer> scaleFactors(int width, int height, int tile) {
        List<Integer> factors = new ArrayList<>();
        for (int s = 1; ; s *= 2) {
            factors.add(s);
            if ((long) tile * s >= Math.max(width, height) || s >= 1 << 20) {
                return factors;
            }
        }
    }
}
