package org.lci.format.vectors;

import static org.lci.format.vectors.FileSurgery.chunk;
import static org.lci.format.vectors.FileSurgery.putU32;
import static org.lci.format.vectors.FileSurgery.splice;
import static org.lci.format.vectors.FileSurgery.varint;
import static org.lci.format.vectors.FileSurgery.withHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import org.lci.format.CdfTable;
import org.lci.format.ChannelLayout;
import org.lci.format.Chunk;
import org.lci.format.LciFormatException;
import org.lci.format.LciHeader;
import org.lci.format.LciWriter;
import org.lci.format.RansEncoder;
import org.lci.format.Tier;

/**
 * Builds every conformance vector of {@code testdata/} in memory, deterministically. The generator
 * writes them out; the tests rebuild them and compare byte for byte, then decode the files.
 */
public final class ConformanceVectors {

    /** Symbols + tables -> exact LCI-rANS bytes. */
    public record EntropyVector(String name, String description, List<CdfTable> tables, int[] values,
                                int[] tableIndex, byte[] stream) {
    }

    /** Synthetic segment payloads: per tile and segment, the values and table choices coded. */
    public record Content(List<CdfTable> tables, int[][][] values, int[][][] tableIndex) {
    }

    /** Where decoding a malformed file must fail. */
    public enum Stage { OPEN, SEGMENT, DECODE, ALPHA }

    /** Expected failure of a malformed vector; tile/segment are -1 unless the error names them. */
    public record Failure(Stage stage, String error, String message, int tile, int segment) {
    }

    /**
     * A container vector. For a valid one {@code failure} is null and the expectations apply;
     * {@code base} names the valid vector whose content a malformed one was derived from.
     */
    public record ContainerVector(String name, String description, byte[] file, LciHeader header, Content content,
                                  byte[] alpha, boolean complete, int[] completeTiers, List<String> chunkTypes,
                                  String base, Failure failure) {
        public boolean valid() {
            return failure == null;
        }
    }

    static final byte[] PACK_DIGEST = sha256Like("lci-test-pack");
    static final List<Tier> THREE_TIERS = List.of(new Tier(0, 3), new Tier(1, 2), new Tier(2, 1));

    private ConformanceVectors() {
    }

    // ---- entropy vectors --------------------------------------------------------------------

    public static List<EntropyVector> entropy() throws LciFormatException {
        List<EntropyVector> out = new ArrayList<>();
        CdfTable narrow = gaussian(0.8, 6);
        Random rnd = new Random(11);

        int[] v1 = new int[64];
        for (int i = 0; i < v1.length; i++) {
            v1[i] = (int) Math.round(rnd.nextGaussian() * 0.8);
            v1[i] = Math.max(-6, Math.min(6, v1[i]));
        }
        out.add(entropyVector("e01-single-table", "64 in-range values, one Gaussian table (scale 0.8, values -6..6)",
                List.of(narrow), v1, new int[v1.length]));

        int[] v2 = {0, 7, -7, 100, -100, 65535, -65536, 1 << 20, (1 << 30) - 1, -(1 << 30), 1, -1, 6, -6, 42};
        out.add(entropyVector("e02-escapes", "values beyond the table range on both sides, up to the largest "
                + "escape distance the format allows (u = 2^31 - 1)", List.of(narrow), v2, new int[v2.length]));

        List<CdfTable> scales = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            scales.add(gaussian(0.3 * StrictMath.pow(1.8, k), 4 + 3 * k));
        }
        int n3 = 1000;
        int[] v3 = new int[n3];
        int[] t3 = new int[n3];
        for (int i = 0; i < n3; i++) {
            t3[i] = rnd.nextInt(scales.size());
            v3[i] = (int) Math.round(rnd.nextGaussian() * 0.3 * StrictMath.pow(1.8, t3[i]) * 1.2);
        }
        out.add(entropyVector("e03-per-symbol-tables", "1000 Gaussian-like values, each with its own table index "
                + "among 8 tables (like the scale index of latents); a few escape", scales, v3, t3));

        out.add(entropyVector("e04-empty", "no symbols: the stream is just the two initial states",
                List.of(narrow), new int[0], new int[0]));

        CdfTable sure = CdfTable.of(new int[] {0, 65535, 65536}, 5);
        int[] v5 = new int[40];
        Arrays.fill(v5, 5);
        v5[17] = 4;
        out.add(entropyVector("e05-one-symbol-table", "table with one in-range symbol (value 5, freq 65535) and "
                + "escape freq 1; one escaped value 4", List.of(sure), v5, new int[v5.length]));

        int[] wide = new int[4097];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = 16 * i;
        }
        CdfTable uniform = CdfTable.of(wide, -2048);
        int[] v6 = {-2048, 2046, 0, 1, -1, 1234, -2000, 2047, -2049, 5000};
        out.add(entropyVector("e06-wide-uniform-table", "4095 in-range symbols of freq 16 (values -2048..2046) and "
                + "escape freq 16; 2047, -2049 and 5000 escape", List.of(uniform), v6, new int[v6.length]));
        return out;
    }

    private static EntropyVector entropyVector(String name, String description, List<CdfTable> tables, int[] values,
                                               int[] tableIndex) {
        RansEncoder enc = new RansEncoder();
        enc.encode(values, 0, values.length, tables.toArray(new CdfTable[0]), tableIndex, 0);
        return new EntropyVector(name, description, tables, values, tableIndex, enc.finish());
    }

    /**
     * A discretised Gaussian over [-radius, radius] plus escape, quantised so every frequency is at
     * least 1 (StrictMath, so every JVM builds the same table).
     */
    public static CdfTable gaussian(double scale, int radius) throws LciFormatException {
        int n = 2 * radius + 1;
        double[] p = new double[n + 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z = (i - radius) / scale;
            p[i] = StrictMath.exp(-0.5 * z * z);
            sum += p[i];
        }
        p[n] = sum * 1e-3;
        sum += p[n];
        int budget = CdfTable.TOTAL - (n + 1);
        int[] cdf = new int[n + 2];
        for (int i = 0; i <= n; i++) {
            cdf[i + 1] = cdf[i] + 1 + (int) StrictMath.floor(p[i] / sum * budget);
        }
        int slack = CdfTable.TOTAL - cdf[n + 1];
        for (int i = radius + 1; i <= n + 1; i++) {
            cdf[i] += slack; // the rounding remainder goes to the most likely symbol (value 0)
        }
        return CdfTable.of(cdf, -radius);
    }

    // ---- container vectors ------------------------------------------------------------------

    public static List<ContainerVector> containers() throws IOException {
        List<ContainerVector> out = new ArrayList<>();
        List<CdfTable> tables = List.of(gaussian(0.6, 3), gaussian(2.0, 8), gaussian(6.0, 20));

        LciHeader h1 = LciHeader.builder(100, 75).q16(49151).packDigestPrefix(PACK_DIGEST).tiers(THREE_TIERS).build();
        Content c1 = content(h1, tables, 101);
        out.add(valid("v01-single-tile-rgb", "100x75 RGB, one implied tile, 3 tiers, no chunks (22-byte header)",
                h1, c1, null, List.of(), List.of(), null));

        LciHeader h2 = LciHeader.builder(300, 130).q16(32768).packDigestPrefix(PACK_DIGEST).tiers(THREE_TIERS)
                .tileGrid(128, 16).build();
        Content c2 = content(h2, tables, 202);
        List<Chunk> lead = List.of(new Chunk(Chunk.ICC, pattern(48, 3)), new Chunk("teSt", pattern(9, 5)),
                new Chunk(Chunk.EXIF, exif()));
        List<Chunk> trail = List.of(new Chunk(Chunk.XMP, xmp()));
        ContainerVector v2 = valid("v02-tiled-3x2-chunks", "300x130 RGB, T=128 O=16 (3x2 tiles), 3 tiers; leading iCCP "
                + "(opaque bytes), unknown ancillary teSt (must be skipped), eXIf; trailing xMPx", h2, c2, null, lead, trail, null);
        out.add(v2);

        LciHeader h3 = LciHeader.builder(1, 1).channelLayout(ChannelLayout.GRAY).q16(0).packDigestPrefix(PACK_DIGEST)
                .build();
        out.add(valid("v03-gray-1x1", "1x1 gray, one tier with one group", h3, content(h3, tables, 303), null,
                List.of(), List.of(), null));

        LciHeader h4 = LciHeader.builder(37, 23).channelLayout(ChannelLayout.RGBA).q16(65535)
                .packDigestPrefix(PACK_DIGEST).tiers(List.of(new Tier(0, 2), new Tier(1, 1))).build();
        byte[] alpha = alphaPattern(37, 23);
        ContainerVector v4 = valid("v04-rgba-alpha", "37x23 RGB+alpha, 2 tiers; ALPH chunk (PNG filters + zlib) holds a "
                + "gradient with a transparent disc", h4, content(h4, tables, 404), alpha, List.of(), List.of(), null);
        out.add(v4);

        LciHeader h5 = LciHeader.builder(65535, 1).packDigestPrefix(PACK_DIGEST).tileGrid(4096, 0).build();
        out.add(valid("v05-wide-65535x1", "65535x1 RGB, T=4096 O=0: 16 tiles in one row, one tier", h5,
                content(h5, tables, 505), null, List.of(), List.of(), null));

        LciHeader h6 = LciHeader.builder(64, 64).q16(1000).packDigestPrefix(PACK_DIGEST)
                .tiers(List.of(new Tier(0, 2), new Tier(1, 2), new Tier(2, 1), new Tier(3, 1))).build();
        out.add(valid("v06-four-tiers-two-layers", "64x64, 4 tiers with groups 2,2,1,1: only 2 layers", h6,
                content(h6, tables, 606), null, List.of(), List.of(), null));

        // Prefixes of v02: what a server sending the first bytes delivers.
        List<int[]> at = chunkTable(v2.file());
        int layer0End = chunkEnd(at, "LDAT", 0);
        out.add(prefix(v2, "v07-prefix-coarse-tier", "v02 cut right after layer 0: only tier 2 (quarter size) "
                + "is complete", layer0End, new int[] {2}));
        int layer1Mid = chunkStart(at, "LDAT", 1) + 8 + 40;
        out.add(prefix(v2, "v08-prefix-mid-layer", "v02 cut 40 bytes into layer 1: tier 2 complete, the first "
                + "group-1 segments available", layer1Mid, new int[] {2}));

        addMalformed(out, v2, v4, tables);
        return out;
    }

    private static void addMalformed(List<ContainerVector> out, ContainerVector v2, ContainerVector v4,
                                     List<CdfTable> tables) throws IOException {
        byte[] f = v2.file();
        int headerLen = v2.header().toBytes().length;
        List<int[]> at = chunkTable(f);

        byte[] lf = new byte[f.length - 1];
        System.arraycopy(f, 0, lf, 0, 4);
        System.arraycopy(f, 5, lf, 4, f.length - 5);
        out.add(bad(v2, "m01-signature-crlf", "CR LF in the signature converted to LF (text-mode transfer)", lf,
                Stage.OPEN, "LciFormatException", "line endings converted"));
        byte[] seven = f.clone();
        seven[0] &= 0x7F;
        out.add(bad(v2, "m02-signature-7bit", "high bit of the first byte stripped", seven, Stage.OPEN,
                "LciFormatException", "high bit stripped"));
        out.add(bad(v2, "m03-not-lci", "a GIF header", "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1),
                Stage.OPEN, "LciFormatException", "not an LCI file"));

        out.add(bad(v2, "m04-version-2", "version byte 2 (header CRC recomputed)",
                patchHeader(f, headerLen, b -> b[0] = 2), Stage.OPEN, "LciFormatException", "version: expected 1, found 2"));
        out.add(bad(v2, "m05-reserved-flag", "flags bit 7 set (header CRC recomputed)",
                patchHeader(f, headerLen, b -> b[1] |= (byte) 0x80), Stage.OPEN, "LciFormatException", "reserved bits"));
        out.add(bad(v2, "m06-header-crc", "one bit of q16 flipped, CRC not updated",
                flip(f, 8 + 5, 0x01), Stage.OPEN, "LciIntegrityException", "header: CRC-32C mismatch"));
        out.add(bad(v2, "m07-zero-width", "width 0 (header CRC recomputed)", withHeader(f, headerLen, null,
                b -> replaceVarint(b, 2, 300, 0)), Stage.OPEN, "LciFormatException", "image size"));
        out.add(bad(v2, "m08-absurd-dimensions", "width and height 2^30 (over the default reader limits)", withHeader(f,
                headerLen, null, b -> replaceVarint(replaceVarint(b, 2, 300, 1 << 30), 2 + 5, 130, 1 << 30)),
                Stage.OPEN, "LciFormatException", "exceeds the reader limits"));
        // v2's header: version, flags, width 300 (2 bytes), height 130 (2), q16 (2), digest (8), 3 tiers (1 + 3),
        // then T / 64 = 2 at byte 20 and O / 16 = 1 at byte 21.
        out.add(bad(v2, "m22-tile-too-large", "tile size 8192, over the 4096 limit (header CRC recomputed)",
                withHeader(f, headerLen, null, b -> replaceVarint(b, 20, 2, 128)), Stage.OPEN, "LciFormatException",
                "tile grid: expected tile size T a positive multiple of 64 up to 4096"));
        out.add(bad(v2, "m23-overlap-over-half", "overlap 80 with tile size 128 (2·O > T; header CRC recomputed)",
                withHeader(f, headerLen, null, b -> replaceVarint(b, 21, 1, 5)), Stage.OPEN, "LciFormatException",
                "overlap O <= T / 2"));
        out.add(bad(v2, "m09-overlong-varint", "width 300 written as AC 82 00 (not minimal)", withHeader(f, headerLen,
                null, b -> splice(b, 2, 2, new byte[] {(byte) 0xAC, (byte) 0x82, 0})), Stage.OPEN, "LciFormatException",
                "minimal varint"));
        out.add(bad(v2, "m10-truncated-header", "the first 20 bytes only", Arrays.copyOf(f, 20), Stage.OPEN,
                "LciFormatException", "truncated"));
        int idx = chunkStart(at, "TIDX", 0);
        out.add(bad(v2, "m11-truncated-index", "cut in the middle of TIDX", Arrays.copyOf(f, idx + 20), Stage.OPEN,
                "LciFormatException", "before the tile index"));
        out.add(bad(v2, "m12-unknown-critical-chunk", "a leading critical chunk ZZZZ no decoder knows",
                insert(f, chunkStart(at, "iCCP", 0), chunk("ZZZZ", pattern(6, 1))), Stage.OPEN, "LciFormatException",
                "unknown critical chunk"));
        out.add(bad(v2, "m13-chunk-crc", "one byte of the iCCP data changed", flip(f, chunkStart(at, "iCCP", 0) + 8 + 10, 0x40),
                Stage.OPEN, "LciIntegrityException", "chunk iCCP: CRC-32C mismatch"));
        byte[] badType = f.clone();
        badType[chunkStart(at, "iCCP", 0) + 6] = '!';
        out.add(bad(v2, "m14-chunk-type", "chunk type iC!P (not a letter)", badType, Stage.OPEN, "LciFormatException",
                "four ASCII letters"));
        byte[] ldatLen = f.clone();
        ldatLen[chunkStart(at, "LDAT", 1) + 3]++;
        out.add(bad(v2, "m15-ldat-length", "layer 1 LDAT length one more than its segments", ldatLen, Stage.OPEN,
                "LciFormatException", "LDAT length: expected"));
        byte[] trailing = Arrays.copyOf(f, f.length + 3);
        out.add(bad(v2, "m16-bytes-after-lend", "three zero bytes after LEND", trailing, Stage.OPEN, "LciFormatException",
                "expected to end after LEND"));
        out.add(bad(v2, "m17-index-too-short", "16384x16384 with T=64 (65536 tiles) but a 10-byte TIDX",
                indexTooShort(), Stage.OPEN, "LciFormatException", "TIDX: expected at least 655360 bytes"));

        // Tile-data damage: found when the segment is read or decoded, named by tile and segment.
        int seg = segmentOffset(v2, 4, 1);
        ContainerVector crcBad = bad(v2, "m18-segment-crc", "one byte of tile 4's group 0 segment changed",
                flip(f, seg + 2, 0x10), Stage.SEGMENT, "LciIntegrityException", "tile 4 group 0 segment");
        out.add(new ContainerVector(crcBad.name(), crcBad.description(), crcBad.file(), null, null, null, false, null,
                null, crcBad.base(), new Failure(Stage.SEGMENT, "LciIntegrityException", "tile 4 group 0 segment", 4, 1)));
        out.add(new ContainerVector("m19-rans-damaged", "tile 2's z segment: first state byte changed and its index "
                + "CRC recomputed, so only the rANS termination check can see it", ransDamaged(v2, 2, 0), null, null, null,
                false, null, null, v2.name(), new Failure(Stage.DECODE, "LciFormatException", "rANS stream", 2, 0)));

        List<int[]> at4 = chunkTable(v4.file());
        int alph = chunkStart(at4, "ALPH", 0);
        int alphEnd = chunkEnd(at4, "ALPH", 0);
        byte[] filt = new byte[23 * 38];
        filt[38 * 5] = 7;
        byte[] badAlpha = splice(v4.file(), alph, alphEnd - alph, chunk("ALPH", zlibStored(filt)));
        out.add(bad(v4, "m20-alpha-filter", "ALPH row 5 uses filter type 7", badAlpha, Stage.ALPHA, "LciFormatException",
                "row 5: expected filter type 0..4, found 7"));
        out.add(bad(v4, "m21-alpha-missing", "RGBA header but no ALPH chunk", splice(v4.file(), alph, alphEnd - alph,
                new byte[0]), Stage.OPEN, "LciFormatException", "expected an ALPH chunk"));
        int ldat0 = chunkStart(at, "LDAT", 0);
        out.add(bad(v2, "m22-ldat-missing", "TIDX followed directly by layer 1 (layer 0 removed)",
                splice(f, ldat0, chunkEnd(at, "LDAT", 0) - ldat0, new byte[0]), Stage.OPEN, "LciFormatException",
                "LDAT length: expected"));
    }

    // ---- builders ---------------------------------------------------------------------------

    private static ContainerVector valid(String name, String description, LciHeader h, Content c, byte[] alpha,
                                         List<Chunk> lead, List<Chunk> trail, String base) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LciWriter w = new LciWriter(h, bytes);
        int tiles = h.tileGrid().tileCount();
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < h.segmentsPerTile(); s++) {
                RansEncoder enc = new RansEncoder();
                enc.encode(c.values()[t][s], 0, c.values()[t][s].length, c.tables().toArray(new CdfTable[0]),
                        c.tableIndex()[t][s], 0);
                w.putSegment(t, s, enc.finish());
            }
        }
        lead.forEach(w::addChunk);
        trail.forEach(w::addTrailingChunk);
        if (alpha != null) {
            w.setAlpha(alpha);
        }
        w.finish();
        List<String> types = new ArrayList<>();
        for (Chunk ch : lead) {
            if (!ch.type().equals("teSt")) {
                types.add(ch.type());
            }
        }
        trail.forEach(ch -> types.add(ch.type()));
        int[] all = new int[h.tierCount()];
        Arrays.setAll(all, k -> k);
        return new ContainerVector(name, description, bytes.toByteArray(), h, c, alpha, true, all, types, base, null);
    }

    private static ContainerVector prefix(ContainerVector v, String name, String description, int length,
                                          int[] completeTiers) {
        List<String> types = v.chunkTypes().stream().filter(t -> !t.equals(Chunk.XMP)).toList();
        return new ContainerVector(name, description, Arrays.copyOf(v.file(), length), v.header(), v.content(), null,
                false, completeTiers, types, v.name(), null);
    }

    private static ContainerVector bad(ContainerVector base, String name, String description, byte[] file, Stage stage,
                                       String error, String message) {
        return new ContainerVector(name, description, file, null, null, null, false, null, null, base.name(),
                new Failure(stage, error, message, -1, -1));
    }

    /** Seeded synthetic latents: a few values per segment, mostly small, some escaped. */
    static Content content(LciHeader h, List<CdfTable> tables, long seed) {
        Random rnd = new Random(seed);
        int tiles = h.tileGrid().tileCount();
        int per = h.segmentsPerTile();
        int[][][] values = new int[tiles][per][];
        int[][][] idx = new int[tiles][per][];
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < per; s++) {
                int n = 3 + rnd.nextInt(14);
                values[t][s] = new int[n];
                idx[t][s] = new int[n];
                for (int i = 0; i < n; i++) {
                    int k = rnd.nextInt(tables.size());
                    idx[t][s][i] = k;
                    double sigma = new double[] {0.6, 2.0, 6.0}[k];
                    values[t][s][i] = rnd.nextInt(20) == 0 ? (rnd.nextBoolean() ? 1 : -1) * (25 + rnd.nextInt(500))
                            : (int) Math.round(rnd.nextGaussian() * sigma);
                }
            }
        }
        return new Content(tables, values, idx);
    }

    static byte[] alphaPattern(int w, int h) {
        byte[] a = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx = x - 20;
                int dy = y - 11;
                a[y * w + x] = (byte) (dx * dx + dy * dy < 49 ? 0 : 255 - 5 * x);
            }
        }
        return a;
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    private static byte[] exif() {
        // A minimal big-endian TIFF header with an empty IFD.
        return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
    }

    private static byte[] xmp() {
        return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"
                + "</x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256Like(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- byte surgery for malformed vectors --------------------------------------------------

    interface Patch {
        void apply(byte[] headerBody);
    }

    /** Changes header body bytes in place and recomputes the header CRC. */
    private static byte[] patchHeader(byte[] f, int headerLen, Patch p) {
        return withHeader(f, headerLen, null, b -> {
            p.apply(b);
            return b;
        });
    }

    private static byte[] replaceVarint(byte[] b, int at, int old, int value) {
        return splice(b, at, varint(old).length, varint(value));
    }

    private static byte[] insert(byte[] f, int at, byte[] add) {
        return splice(f, at, 0, add);
    }

    private static byte[] flip(byte[] f, int at, int mask) {
        byte[] out = f.clone();
        out[at] ^= (byte) mask;
        return out;
    }

    /** Deflate "stored" blocks (level 0) so the bytes do not depend on the zlib build. */
    private static byte[] zlibStored(byte[] data) {
        Deflater d = new Deflater(Deflater.NO_COMPRESSION);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    private static byte[] indexTooShort() {
        LciHeader h = LciHeader.builder(16384, 16384).packDigestPrefix(PACK_DIGEST).tileGrid(64, 0).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(org.lci.format.LciSignature.bytes());
        out.writeBytes(h.toBytes());
        out.writeBytes(chunk("TIDX", new byte[10]));
        out.writeBytes(chunk("LEND", new byte[0]));
        return out.toByteArray();
    }

    /** Changes a segment's first byte and patches its CRC in TIDX (and TIDX's own CRC). */
    private static byte[] ransDamaged(ContainerVector v, int tile, int segment) throws IOException {
        byte[] f = v.file().clone();
        int off = segmentOffset(v, tile, segment);
        f[off] ^= 0x01;
        try (org.lci.format.LciReader r = org.lci.format.LciReader.open(org.lci.format.RandomAccessSource.of(v.file()))) {
            int len = r.segmentLength(tile, segment);
            CRC32C crc = new CRC32C();
            crc.update(f, off, len);
            List<int[]> at = chunkTable(f);
            int idx = chunkStart(at, "TIDX", 0);
            int p = idx + 8;
            int per = v.header().segmentsPerTile();
            for (int e = 0; e < tile * per + segment; e++) {
                while ((f[p] & 0x80) != 0) {
                    p++;
                }
                p += 5;
            }
            while ((f[p] & 0x80) != 0) {
                p++;
            }
            putU32(f, p + 1, (int) crc.getValue());
            int idxLen = chunkLength(at, "TIDX", 0);
            CRC32C c2 = new CRC32C();
            c2.update(f, idx + 4, 4 + idxLen);
            putU32(f, idx + 8 + idxLen, (int) c2.getValue());
        }
        return f;
    }

    private static int segmentOffset(ContainerVector v, int tile, int segment) throws IOException {
        try (org.lci.format.LciReader r = org.lci.format.LciReader.open(org.lci.format.RandomAccessSource.of(v.file()))) {
            return (int) r.segmentOffset(tile, segment);
        }
    }

    /** [typeCode, start, length] of every chunk of a well-formed file, in order. */
    static List<int[]> chunkTable(byte[] f) {
        List<int[]> out = new ArrayList<>();
        int p = 8;
        // Skip the header: find its end by re-encoding is not possible here, so scan for a valid CRC.
        for (int len = 20; len <= 60 && len + 8 <= f.length; len++) {
            CRC32C crc = new CRC32C();
            crc.update(f, 8, len - 4);
            int stored = (f[8 + len - 4] & 0xFF) << 24 | (f[8 + len - 3] & 0xFF) << 16 | (f[8 + len - 2] & 0xFF) << 8
                    | (f[8 + len - 1] & 0xFF);
            if ((int) crc.getValue() == stored) {
                p = 8 + len;
                break;
            }
        }
        while (p + 12 <= f.length) {
            int len = (f[p] & 0xFF) << 24 | (f[p + 1] & 0xFF) << 16 | (f[p + 2] & 0xFF) << 8 | (f[p + 3] & 0xFF);
            int code = (f[p + 4] & 0xFF) << 24 | (f[p + 5] & 0xFF) << 16 | (f[p + 6] & 0xFF) << 8 | (f[p + 7] & 0xFF);
            out.add(new int[] {code, p, len});
            p += 12 + len;
        }
        return out;
    }

    private static int[] find(List<int[]> at, String type, int nth) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        int code = (t[0] & 0xFF) << 24 | (t[1] & 0xFF) << 16 | (t[2] & 0xFF) << 8 | (t[3] & 0xFF);
        int seen = 0;
        for (int[] c : at) {
            if (c[0] == code && seen++ == nth) {
                return c;
            }
        }
        throw new IllegalStateException("no chunk " + type + " #" + nth);
    }

    static int chunkStart(List<int[]> at, String type, int nth) {
        return find(at, type, nth)[1];
    }

    static int chunkLength(List<int[]> at, String type, int nth) {
        return find(at, type, nth)[2];
    }

    static int chunkEnd(List<int[]> at, String type, int nth) {
        int[] c = find(at, type, nth);
        return c[1] + 12 + c[2];
    }

    /** The JSON description of a tables list, as in entropy.json. */
    static List<Object> tablesJson(List<CdfTable> tables) {
        List<Object> out = new ArrayList<>();
        for (CdfTable t : tables) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offset", t.offset());
            m.put("cdf", t.cdf());
            out.add(m);
        }
        return out;
    }
}
