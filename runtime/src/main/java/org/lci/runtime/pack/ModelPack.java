package org.lci.runtime.pack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import org.lci.runtime.ModelPackException;
import org.lci.runtime.ModelPackInfo;
import org.lci.runtime.entropy.ChannelConditionalParameters;
import org.lci.runtime.entropy.ConvLayer;
import org.lci.runtime.entropy.GainSchedule;
import org.lci.runtime.entropy.HyperSynthesis;
import org.lci.runtime.entropy.HyperpriorParameters;
import org.lci.runtime.entropy.IntLayer;
import org.lci.runtime.entropy.ParameterModel;
import org.lci.runtime.entropy.ScaleTable;

/**
 * A verified model pack: manifest, ONNX graph bytes, the deterministic-path tensors and the CDF tables.
 * {@link #load} refuses a pack whose members do not match the SHA-256 sums of its manifest.
 */
public final class ModelPack {

    private final ModelPackInfo info;
    private final int m;
    private final int nz;
    private final int[] groups;
    private final List<Tier> tiers;
    private final double defaultQuality;
    private final GainSchedule gains;
    private final float[] zMedians;
    private final ScaleTable scaleTable;
    private final HyperSynthesis hyperSynthesis;
    private final ParameterModel parameterModel;
    private final int formatVersion;
    private final EntropyTables entropy;
    private final byte[] encoderGraph;

    /**
     * One decodable tier.
     *
     * @param tier     tier number
     * @param scaleLog2 output is 1/2^scaleLog2 of full size
     * @param groups   channel groups it reads (the first {@code groups})
     * @param channels latent channels those groups hold
     * @param graph    synthesis ONNX bytes
     */
    public record Tier(int tier, int scaleLog2, int groups, int channels, byte[] graph) { }

    private ModelPack(ModelPackInfo info, Manifest mf, List<Tier> tiers, GainSchedule gains, float[] zMedians,
                      ScaleTable scaleTable, HyperSynthesis hs, ParameterModel parameterModel, EntropyTables entropy,
                      byte[] encoderGraph) {
        this.info = info;
        this.m = mf.m;
        this.nz = mf.nz;
        this.groups = mf.groups.stream().mapToInt(Integer::intValue).toArray();
        this.tiers = List.copyOf(tiers);
        this.defaultQuality = mf.quality == null ? 0.75 : mf.quality.defaultQuality;
        this.gains = gains;
        this.zMedians = zMedians;
        this.scaleTable = scaleTable;
        this.hyperSynthesis = hs;
        this.parameterModel = parameterModel;
        this.formatVersion = mf.formatVersion;
        this.entropy = entropy;
        this.encoderGraph = encoderGraph;
    }

    /** SHA-256 of {@code manifest.json} of a pack archive, hex; the pack's digest. */
    public static String digestOf(byte[] manifestJson) {
        return HexFormat.of().formatHex(sha256(manifestJson));
    }

    /** Parses and verifies a pack from its tar bytes. */
    public static ModelPack load(byte[] tar, String source) throws ModelPackException {
        return load(PackArchive.read(new java.io.ByteArrayInputStream(tar), source), source);
    }

    /** What the registry lists before the pack is verified. */
    record ManifestSummary(String name, String version, int tiers) { }

    static ManifestSummary summary(byte[] manifestJson, String source) throws ModelPackException {
        Manifest mf = parseManifest(manifestJson, source);
        return new ManifestSummary(mf.name, mf.version, mf.tiers.size());
    }

    static ModelPack load(Map<String, byte[]> members, String source) throws ModelPackException {
        byte[] manifestBytes = members.get("manifest.json");
        if (manifestBytes == null) {
            throw new ModelPackException("model pack " + source + ": member 'manifest.json' is missing");
        }
        Manifest mf = parseManifest(manifestBytes, source);
        verifyMembers(mf, members, source);
        String digest = digestOf(manifestBytes);

        TensorStore t = new TensorStore(members.get("tensors.bin"), mf.tensors, source);
        float[] gainAnchors = t.get("gains", -1, mf.m);
        int anchors = gainAnchors.length / mf.m;
        if (anchors < 1) {
            throw new ModelPackException("model pack " + source + ": tensor 'gains' expected at least one anchor, found none");
        }
        GainSchedule gains = new GainSchedule(rows(gainAnchors, anchors, mf.m),
                rows(t.get("inverse_gains", anchors, mf.m), anchors, mf.m));
        float[] zMedians = t.get("z_medians", mf.nz);
        float[] scales = t.get("scale_table", -1);
        ScaleTable scaleTable;
        HyperSynthesis hs = null;
        ParameterModel parameters;
        try {
            scaleTable = new ScaleTable(scales);
            if (mf.formatVersion == 1) {
                hs = hyperSynthesis(mf, t, source);
                if (hs.inChannels() != mf.nz || hs.outChannels() != 2 * mf.m || hs.outSize(16) != 64) {
                    throw new ModelPackException("model pack " + source + ": hyper_synthesis expected " + mf.nz + " → "
                            + 2 * mf.m + " channels at 4× the size, found " + hs.inChannels() + " → " + hs.outChannels()
                            + " channels, 16 → " + hs.outSize(16));
                }
                parameters = new HyperpriorParameters(mf.m, zMedians, hs, scaleTable);
            } else {
                parameters = integerPath(mf, t, scales.length, source);
            }
        } catch (IllegalArgumentException e) {
            throw new ModelPackException("model pack " + source + ": " + e.getMessage(), e);
        }
        EntropyTables entropy = EntropyTables.parse(members.get("entropy.json"), mf.nz, scales.length, source);
        List<Tier> tiers = new ArrayList<>();
        for (int k = 0; k < mf.tiers.size(); k++) {
            Manifest.Tier mt = mf.tiers.get(k);
            if (mt == null || mt.tier != k || mt.groups < 1 || mt.groups > mf.groups.size() || mt.scaleLog2 < 0
                    || mt.scaleLog2 > 4 || mt.graph == null || !members.containsKey(mt.graph)) {
                throw new ModelPackException("model pack " + source + ": tiers[" + k + "] expected tier " + k
                        + ", scale_log2 0..4, 1.." + mf.groups.size() + " groups and a graph member");
            }
            int channels = mf.groups.subList(0, mt.groups).stream().mapToInt(Integer::intValue).sum();
            tiers.add(new Tier(k, mt.scaleLog2, mt.groups, channels, members.get(mt.graph)));
        }
        ModelPackInfo info = new ModelPackInfo(mf.name, mf.version, digest, source, tiers.size());
        return new ModelPack(info, mf, tiers, gains, zMedians, scaleTable, hs, parameters, entropy,
                members.get("encoder.onnx"));
    }

    private static Manifest parseManifest(byte[] bytes, String source) throws ModelPackException {
        Manifest mf;
        try {
            mf = new Gson().fromJson(new String(bytes, StandardCharsets.UTF_8), Manifest.class);
        } catch (JsonParseException e) {
            throw new ModelPackException("model pack " + source + ": manifest.json is not valid JSON: " + e.getMessage(), e);
        }
        if (mf == null || !"lci-model-pack".equals(mf.format) || mf.formatVersion != 1 && mf.formatVersion != 2) {
            throw new ModelPackException("model pack " + source + ": manifest.json expected format 'lci-model-pack' "
                    + "version 1 or 2, found " + (mf == null ? "nothing" : "'" + mf.format + "' version " + mf.formatVersion));
        }
        String path = mf.formatVersion == 1 ? "hyper_synthesis" : "entropy_path";
        if (mf.m <= 0 || mf.nz <= 0 || mf.groups == null || mf.groups.isEmpty() || mf.tiers == null
                || mf.tiers.isEmpty() || (mf.formatVersion == 1 ? mf.hyperSynthesis == null : mf.entropyPath == null)
                || mf.files == null || mf.name == null) {
            throw new ModelPackException("model pack " + source
                    + ": manifest.json expected name, M, Nz, groups, tiers, " + path + " and files");
        }
        if (mf.formatVersion == 2 && !CHANNEL_CONDITIONAL.equals(mf.architecture)) {
            throw new ModelPackException("model pack " + source + ": format 2 expected architecture '"
                    + CHANNEL_CONDITIONAL + "', found '" + mf.architecture + "'");
        }
        if (mf.groups.stream().anyMatch(g -> g == null || g <= 0)
                || mf.groups.stream().mapToInt(Integer::intValue).sum() != mf.m) {
            throw new ModelPackException("model pack " + source + ": manifest.json groups " + mf.groups
                    + " expected positive sizes summing to M = " + mf.m);
        }
        return mf;
    }

    private static void verifyMembers(Manifest mf, Map<String, byte[]> members, String source) throws ModelPackException {
        List<String> needed = new ArrayList<>(List.of("encoder.onnx", "tensors.bin", "entropy.json"));
        for (Manifest.Tier t : mf.tiers) {
            if (t != null && t.graph != null) {
                needed.add(t.graph);
            }
        }
        for (String name : needed) {
            if (!mf.files.containsKey(name)) {
                throw new ModelPackException("model pack " + source + ": manifest.json 'files' has no SHA-256 for member '"
                        + name + "'");
            }
        }
        for (Map.Entry<String, String> e : mf.files.entrySet()) {
            byte[] member = members.get(e.getKey());
            if (member == null) {
                throw new ModelPackException("model pack " + source + ": member '" + e.getKey()
                        + "' listed in manifest.json is missing; the pack is refused");
            }
            String actual = HexFormat.of().formatHex(sha256(member));
            if (!actual.equalsIgnoreCase(String.valueOf(e.getValue()))) {
                throw new ModelPackException("model pack " + source + ": member '" + e.getKey()
                        + "' fails its integrity check: manifest says SHA-256 " + e.getValue() + ", found " + actual
                        + "; the pack is refused");
            }
        }
    }

    /** The architecture of format 2 packs: integer channel-conditional entropy-parameter path. */
    public static final String CHANNEL_CONDITIONAL = "channel-conditional-int8";

    private static ParameterModel integerPath(Manifest mf, TensorStore t, int scaleCount, String source)
            throws ModelPackException {
        Manifest.EntropyPath p = mf.entropyPath;
        int shift = p.shift == null ? 0 : p.shift;    // 0: every layer states its own
        if (shift < 0 || shift > 62 || p.meanBits < 0 || p.meanBits > 16 || p.contextShift < 1 || p.contextShift > p.meanBits
                || p.contextLimit < 1 || p.zScale < 1 || p.zScale > 1 << 10 || p.zLimit < 1 || p.scaleCount != scaleCount
                || p.hyper == null || p.hyper.isEmpty() || p.heads == null || p.heads.size() != mf.groups.size()) {
            throw new ModelPackException("model pack " + source + ": entropy_path expected 0 <= shift <= 62, 0 <= mean_bits <= 16, "
                    + "1 <= context_shift <= mean_bits, positive limits and z_scale, scale_count = " + scaleCount
                    + ", hyper layers and one head per group (" + mf.groups.size() + ")");
        }
        List<IntLayer> hyper = new ArrayList<>();
        for (int i = 0; i < p.hyper.size(); i++) {
            hyper.add(intLayer(p.hyper.get(i), t, shift, "entropy_path.hyper[" + i + "]", source));
        }
        List<ChannelConditionalParameters.Head> heads = new ArrayList<>();
        for (int g = 0; g < p.heads.size(); g++) {
            Manifest.Head h = p.heads.get(g);
            String where = "entropy_path.heads[" + g + "]";
            if (h == null || h.group != g) {
                throw new ModelPackException("model pack " + source + ": " + where + " expected group " + g);
            }
            heads.add(new ChannelConditionalParameters.Head(intLayer(h.first, t, shift, where + ".first", source),
                    intLayer(h.hidden, t, shift, where + ".hidden", source),
                    intLayer(h.mean, t, shift, where + ".mean", source),
                    intLayer(h.scale, t, shift, where + ".scale", source)));
        }
        int[] groups = mf.groups.stream().mapToInt(Integer::intValue).toArray();
        int[] med16 = t.ints("z_medians_16", "int32", mf.nz);
        for (int g = 0; g < heads.size(); g++) {
            if (p.heads.get(g).scale.min < 0 || p.heads.get(g).scale.max >= scaleCount) {
                throw new ModelPackException("model pack " + source + ": entropy_path.heads[" + g
                        + "].scale expected its clamp within 0.." + (scaleCount - 1));
            }
        }
        return new ChannelConditionalParameters(groups, med16, hyper, heads, new ChannelConditionalParameters.Constants(
                p.meanBits, p.contextShift, p.contextLimit, p.zScale, p.zLimit));
    }

    /** @param shift the path's shift, used when the layer does not state its own */
    private static IntLayer intLayer(Manifest.IntLayer l, TensorStore t, int shift, String where, String source)
            throws ModelPackException {
        int s = l == null || l.shift == null ? shift : l.shift;
        if (l == null || l.parts == null || l.parts.isEmpty() || l.out <= 0 || l.min > l.max || s < 1 || s > 62) {
            throw new ModelPackException("model pack " + source + ": " + where
                    + " expected parts, out > 0, min <= max and 1 <= shift <= 62");
        }
        List<IntLayer.Part> parts = new ArrayList<>();
        for (Manifest.Part p : l.parts) {
            boolean transpose = "conv_transpose2d".equals(p.type);
            if (p == null || !transpose && !"conv2d".equals(p.type) || p.in <= 0 || p.kernel <= 0) {
                throw new ModelPackException("model pack " + source + ": " + where
                        + " expected parts of type conv2d/conv_transpose2d with in > 0 and kernel > 0");
            }
            int[] shape = transpose ? new int[] {p.in, l.out, p.kernel, p.kernel} : new int[] {l.out, p.in, p.kernel, p.kernel};
            parts.add(new IntLayer.Part(transpose, p.in, p.kernel, t.ints(p.weight, "int8", shape),
                    t.ints(p.mult, "int32", l.out)));
        }
        if (parts.size() > 2) {
            throw new ModelPackException("model pack " + source + ": " + where + " expected one or two parts, found "
                    + parts.size());
        }
        return new IntLayer(parts, l.out, t.ints(l.bias, "int32", l.out), s, l.min, l.max);
    }

    private static HyperSynthesis hyperSynthesis(Manifest mf, TensorStore t, String source) throws ModelPackException {
        List<ConvLayer> layers = new ArrayList<>();
        for (int i = 0; i < mf.hyperSynthesis.size(); i++) {
            Manifest.Layer l = mf.hyperSynthesis.get(i);
            boolean transpose = "conv_transpose2d".equals(l.type);
            if (!transpose && !"conv2d".equals(l.type) || !"relu".equals(l.activation) && !"none".equals(l.activation)) {
                throw new ModelPackException("model pack " + source + ": hyper_synthesis[" + i
                        + "] expected type conv2d/conv_transpose2d and activation relu/none, found " + l.type + "/"
                        + l.activation);
            }
            int[] wShape = transpose ? new int[] {l.in, l.out, l.kernel, l.kernel}
                    : new int[] {l.out, l.in, l.kernel, l.kernel};
            layers.add(new ConvLayer(transpose, l.in, l.out, l.kernel, l.stride, l.padding, l.outputPadding,
                    "relu".equals(l.activation), t.get(l.weight, wShape), t.get(l.bias, l.out)));
        }
        return new HyperSynthesis(layers);
    }

    private static float[][] rows(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public ModelPackInfo info() {
        return info;
    }

    public String digest() {
        return info.digest();
    }

    /** Latent channels M. */
    public int latentChannels() {
        return m;
    }

    /** Hyper-latent channels Nz. */
    public int hyperChannels() {
        return nz;
    }

    /** Channel group sizes, in bitstream order. */
    public int[] groups() {
        return groups.clone();
    }

    public List<Tier> tiers() {
        return tiers;
    }

    public double defaultQuality() {
        return defaultQuality;
    }

    public GainSchedule gains() {
        return gains;
    }

    public float[] zMedians() {
        return zMedians.clone();
    }

    public ScaleTable scaleTable() {
        return scaleTable;
    }

    /** Format 1 only (null for format 2): the float32 hyper-synthesis. */
    public HyperSynthesis hyperSynthesis() {
        return hyperSynthesis;
    }

    /** Where the latents' means and table indexes come from (format 1: hyper-synthesis; 2: integer heads). */
    public ParameterModel parameterModel() {
        return parameterModel;
    }

    /** Pack format version (manifest {@code format_version}): 1 or 2. */
    public int formatVersion() {
        return formatVersion;
    }

    public EntropyTables entropy() {
        return entropy;
    }

    public byte[] encoderGraph() {
        return encoderGraph;
    }
}
