package org.lci.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lci.format.LciFormatException;
import org.lci.format.LciIntegrityException;
import org.lci.format.LciReader;
import org.lci.format.LciSignature;
import org.lci.format.RandomAccessSource;
import org.lci.imageio.LciImageReadParam;
import org.lci.imageio.LciImageReader;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.ImageMetadata;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;

import javax.imageio.IIOException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

/**
 * Damage to a real encoded file (tiled RGBA with ICC, EXIF and XMP chunks): a flipped bit anywhere is detected and
 * the report names the part (signature, header, chunk type, or tile and segment); a truncated file still decodes
 * every tier whose data is complete.
 */
class CorruptionTest {
    private static byte[] file;
    private static final List<Region> regions = new ArrayList<>();

    /** A byte range of the file and what a flip inside it must be reported as. */
    record Region(String kind, long start, long end, String name, int tile, int segment) { }

    @BeforeAll
    static void encode() throws IOException {
        ImageMetadata meta = new ImageMetadata("fake icc profile".getBytes(StandardCharsets.US_ASCII),
                "MM\0*fake exif".getBytes(StandardCharsets.US_ASCII),
                "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Fixtures.tinyCodec().encode(Fixtures.picture(100, 70, BufferedImage.TYPE_4BYTE_ABGR, 7),
                EncodeOptions.builder().quality(0.6).tileSize(64).overlap(16).metadata(meta).build(), out,
                ProgressListener.NONE);
        file = out.toByteArray();
        mapRegions();
    }

    /** Splits the file into signature, header, chunk heads, chunk data/CRCs and, inside LDAT, single segments. */
    private static void mapRegions() throws IOException {
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            int headerEnd = LciSignature.LENGTH + r.header().toBytes().length;
            regions.add(new Region("signature", 0, LciSignature.LENGTH, "signature", -1, -1));
            regions.add(new Region("header", LciSignature.LENGTH, headerEnd, "header", -1, -1));
            int tiles = r.tileGrid().tileCount();
            int layer = 0;
            for (long p = headerEnd; p < file.length; ) {
                long len = (file[(int) p] & 0xFFL) << 24 | (file[(int) p + 1] & 0xFFL) << 16
                        | (file[(int) p + 2] & 0xFFL) << 8 | (file[(int) p + 3] & 0xFFL);
                String type = new String(file, (int) p + 4, 4, StandardCharsets.US_ASCII);
                regions.add(new Region("chunk head", p, p + 8, type, -1, -1));
                if (type.equals("LDAT")) {
                    for (int t = 0; t < tiles; t++) {
                        for (int s = 0; s < r.header().segmentsPerTile(); s++) {
                            long off = r.segmentOffset(t, s);
                            if (off >= p + 8 && off < p + 8 + len && r.segmentLength(t, s) > 0) {
                                regions.add(new Region("segment", off, off + r.segmentLength(t, s),
                                        "tile " + t + " " + LciReader.segmentName(s), t, s));
                            }
                        }
                    }
                    regions.add(new Region("chunk crc", p + 8 + len, p + 12 + len, "LDAT", -1, -1));
                    layer++;
                }
                else if (len > 0) {
                    regions.add(new Region("chunk data", p + 8, p + 8 + len, type, -1, -1));
                    regions.add(new Region("chunk crc", p + 8 + len, p + 12 + len, type, -1, -1));
                }
                else {
                    regions.add(new Region("chunk crc", p + 8, p + 12, type, -1, -1));
                }
                p += 12 + len;
            }
            assertThat(layer).isEqualTo(r.layerCount());
        }
        assertThat(regions.stream().map(Region::name)).contains("iCCP", "eXIf", "xMPx", "ALPH", "TIDX", "LEND");
        assertThat(regions.stream().filter(g -> g.kind.equals("segment")).count()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aFlippedBitInEveryByteIsDetectedAndNamed() {
        int checked = 0;
        for (Region g : regions) {
            for (long at = g.start; at < g.end; at++) {
                byte[] damaged = file.clone();
                damaged[(int) at] ^= (byte) (1 << (at % 8));
                Exception e = verifyAll(damaged);
                if (e == null) {
                    fail("a flipped bit at byte " + at + " (" + g + ") went undetected");
                }
                assertThat(e).as("flip at byte %d in %s", at, g).isInstanceOf(LciFormatException.class);
                switch (g.kind) {
                    case "segment" -> {
                        assertThat(e).as("flip at byte %d in %s", at, g).isInstanceOf(LciIntegrityException.class)
                                .hasMessageContaining(g.name).hasMessageContaining("CRC-32C");
                        assertThat(((LciIntegrityException) e).tile()).isEqualTo(g.tile);
                        assertThat(((LciIntegrityException) e).segment()).isEqualTo(g.segment);
                    }
                    case "chunk data", "chunk crc" -> assertThat(e).as("flip at byte %d in %s", at, g)
                            .isInstanceOf(LciIntegrityException.class).hasMessageContaining(g.name)
                            .hasMessageContaining("CRC-32C");
                    case "header" -> assertThat(e).as("flip at byte %d in %s", at, g).hasMessageStartingWith("header");
                    case "signature" -> assertThat(e).as("flip at byte %d in %s", at, g).hasMessageContaining("signature");
                    default -> { } // a damaged chunk length or type: any typed, located error
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(file.length);
    }

    /** Opens, reads every segment and chunk; the first error, or null when all checks pass. */
    private static Exception verifyAll(byte[] bytes) {
        try (LciReader r = LciReader.open(RandomAccessSource.of(bytes))) {
            r.verifyAll();
            r.alphaPlane();
            return null;
        }
        catch (Exception e) {
            return e;
        }
    }

    @Test
    void aDamagedSegmentIsNamedByTheRuntimeAndThePlugin() throws IOException {
        LciCodec codec = Fixtures.tinyCodec();
        for (Region g : regions) {
            if (!g.kind.equals("segment")) {
                continue;
            }
            byte[] damaged = file.clone();
            damaged[(int) ((g.start + g.end) / 2)] ^= 0x10;
            assertThatThrownBy(() -> codec.decode(damaged, DecodeOptions.tier(0), null))
                    .isInstanceOf(LciIntegrityException.class).hasMessageContaining(g.name);
            LciImageReader reader = LimitsTest.reader(codec, damaged);
            assertThatThrownBy(() -> reader.read(0)).isInstanceOf(IIOException.class).hasMessageContaining(g.name);
        }
    }

    /** Damage behind a valid CRC (the CRCs recomputed): the entropy decoder's error names tile and segment. */
    @Test
    void aDamagedStreamBehindAValidCrcIsNamedByTileAndSegment() {
        LciCodec codec = Fixtures.tinyCodec();
        int named = 0;
        for (Region g : regions) {
            if (!g.kind.equals("segment") || g.end - g.start < 12) {
                continue;
            }
            byte[] damaged = file.clone();
            for (long at = g.start + 8; at < g.end; at++) {
                damaged[(int) at] = (byte) 0xA5;                // every word after the two states
            }
            byte[] fixed = CrcFixer.fix(damaged);
            Throwable e = catchThrowable(() -> codec.decode(fixed, DecodeOptions.tier(0), null));
            if (e == null) {
                continue;                                      // the damage happened to decode (rare); no claim
            }
            assertThat(e).as("damaged %s", g).isInstanceOf(LciFormatException.class)
                    .hasMessageContaining("tile " + g.tile + ": " + LciReader.segmentName(g.segment) + ":");
            named++;
        }
        assertThat(named).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aTruncatedFileDecodesEveryCompleteTierAndTheReaderWarns() throws IOException {
        LciCodec codec = Fixtures.tinyCodec();
        LciInfo info = codec.readInfo(file);
        int tiers = info.tierCount();
        assertThat(tiers).isGreaterThanOrEqualTo(2);
        BufferedImage[] reference = new BufferedImage[tiers];
        for (int k = 0; k < tiers; k++) {
            reference[k] = codec.decode(file, DecodeOptions.tier(k), null);
        }
        long indexEnd;
        long[] layerDataEnd;
        int[] layerOfTier = new int[tiers];
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            indexEnd = r.segmentOffset(0, 0) - 8;
            int[] ends = r.header().layerEnds();
            layerDataEnd = new long[ends.length];
            int tiles = r.tileGrid().tileCount();
            for (int j = 0; j < ends.length; j++) {
                int seg = ends[j] - 1;
                layerDataEnd[j] = r.segmentOffset(tiles - 1, seg) + r.segmentLength(tiles - 1, seg);
            }
            for (int k = 0; k < tiers; k++) {
                int need = r.header().tier(k).segments();
                int j = 0;
                while (ends[j] < need) {
                    j++;
                }
                layerOfTier[k] = j;
            }
        }
        List<Long> cuts = new ArrayList<>(List.of(indexEnd, indexEnd + 9, (long) file.length - 1));
        for (long end : layerDataEnd) {
            cuts.addAll(List.of(end - 1, end, end + 4, end + 9));
        }
        for (long cut : cuts) {
            if (cut < indexEnd || cut >= file.length) {
                continue;
            }
            byte[] part = Arrays.copyOf(file, (int) cut);
            int expected = -1;
            for (int k = tiers - 1; k >= 0 && cut >= layerDataEnd[layerOfTier[k]]; k--) {
                expected = k;
            }
            assertThat(codec.readInfo(part).finestCompleteTier()).as("cut at %d", cut).isEqualTo(expected);
            LciImageReader reader = LimitsTest.reader(codec, part);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            if (expected < 0) {
                assertThatThrownBy(() -> reader.read(0)).as("cut at %d", cut)
                        .isInstanceOf(IIOException.class).hasMessageContaining("truncated");
                continue;
            }
            // every complete tier decodes exactly as from the whole file
            for (int k = expected; k < tiers; k++) {
                assertSamePixels(codec.decode(part, DecodeOptions.tier(k), null), reference[k], "cut " + cut + " tier " + k);
            }
            if (expected > 0) {
                int finest = expected;
                assertThatThrownBy(() -> codec.decode(part, DecodeOptions.tier(finest - 1), null))
                        .isInstanceOf(LciFormatException.class).hasMessageContaining("truncated");
            }
            // the reader delivers the best complete tier at the size asked for, and warns when that is not tier 0
            BufferedImage img = reader.read(0);
            assertThat(img.getWidth()).isEqualTo(info.width());
            assertThat(img.getHeight()).isEqualTo(info.height());
            if (expected == 0) {
                assertThat(warnings).isEmpty();
                assertSamePixels(img, reference[0], "cut " + cut);
            }
            else {
                assertThat(warnings).as("cut at %d", cut).hasSize(1);
                assertThat(warnings.get(0)).contains("truncated", "tier " + expected);
                BufferedImage coarse = reference[expected];
                for (int y = 0; y < img.getHeight(); y += 7) {
                    for (int x = 0; x < img.getWidth(); x += 5) {
                        assertThat(img.getRGB(x, y)).isEqualTo(coarse.getRGB(x >> expected, y >> expected));
                    }
                }
            }
            // the thumbnail (smallest tier) is there as soon as any tier is
            assertThat(reader.readThumbnail(0, 0).getWidth()).isEqualTo(info.tierWidth(tiers - 1));
            LciImageReadParam p = (LciImageReadParam) reader.getDefaultReadParam();
            p.setResolutionTier(tiers - 1);
            assertSamePixels(reader.read(0, p), reference[tiers - 1], "cut " + cut + " coarsest tier");
        }
    }

    private static void assertSamePixels(BufferedImage a, BufferedImage b, String what) {
        assertThat(a.getWidth()).as(what).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).as(what).isEqualTo(b.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    fail(what + ": pixel (" + x + ", " + y + ") differs");
                }
            }
        }
    }
}
