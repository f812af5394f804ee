package org.lci.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lci.format.Chunk;
import org.lci.format.LciFormatException;
import org.lci.format.LciHeader;
import org.lci.format.LciLimits;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.format.Rect;
import org.lci.format.TileGrid;

import java.io.IOException;

/**
 * Fuzz target for the container parser ({@link LciReader}): every public accessor is driven on arbitrary bytes.
 * The only accepted failure is the documented {@link LciFormatException}; any other exception (index out of
 * bounds, negative array size, arithmetic), a hang or an out-of-memory is a finding.
 * <p>
 * Regression inputs (seeds and every input that ever failed) live in
 * {@code src/test/resources/org/lci/reliability/ContainerFuzzTestInputs/parse/} and run in the normal suite.
 */
class ContainerFuzzTest {
    /** Small limits so that a declared size the fuzzer invents cannot make the harness itself slow. */
    private static final LciLimits LIMITS = LciLimits.DEFAULT.withMaxDimensions(1 << 16, 1 << 16)
            .withMaxPixels(1L << 26).withMaxChunkBytes(1 << 20);

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] data) throws IOException {
        LciReader reader;
        try {
            reader = LciReader.open(RandomAccessSource.of(data), LIMITS);
        }
        catch (LciFormatException expected) {
            return;
        }
        try (reader) {
            exercise(reader, data.length);
        }
        catch (LciFormatException expected) {
            // damaged or truncated data behind a sound index: reported as such
        }
    }

    /**
     * The same on inputs whose CRCs are rewritten to match ({@link CrcFixer}), so that mutations reach the parsing
     * behind the checksums. Regression inputs: {@code ContainerFuzzTestInputs/parseWithValidCrcs/}.
     */
    @FuzzTest(maxDuration = "10m")
    void parseWithValidCrcs(byte[] data) throws IOException {
        parse(CrcFixer.fix(data));
    }

    static void exercise(LciReader reader, long length) throws IOException {
        LciHeader h = reader.header();
        TileGrid g = reader.tileGrid();
        check(h.width() >= 1 && h.height() >= 1, "dimensions");
        check(g.tileCount() >= 1 && g.tileCount() == g.columns() * g.rows(), "tile count");
        // The index is validated against the stream length, so the number of tiles is bounded by the file size.
        check((long) g.tileCount() * h.segmentsPerTile() * 5 <= length, "tile count vs stream length");
        h.toBytes();
        h.packDigestPrefixHex();
        for (int k = 0; k < h.tierCount(); k++) {
            int s = h.tier(k).scaleLog2();
            g.width(s);
            g.height(s);
            reader.isTierComplete(k);
        }
        int finest = reader.finestCompleteTier();
        check(finest >= -1 && finest < h.tierCount(), "finest complete tier");
        for (Chunk c : reader.chunks()) {
            c.isCritical();
        }
        reader.iccProfile();
        reader.exif();
        reader.xmp();
        int tiles = Math.min(g.tileCount(), 64);
        for (int t = 0; t < tiles; t++) {
            g.coreRect(t);
            g.codedRect(t);
            g.paddedWidth(t);
            g.paddedHeight(t);
            for (int s = 0; s < h.segmentsPerTile(); s++) {
                long off = reader.segmentOffset(t, s);
                int len = reader.segmentLength(t, s);
                if (reader.isSegmentAvailable(t, s)) {
                    check(off >= 0 && off + len <= length, "available segment inside the file");
                    try {
                        reader.readSegment(t, s);
                    }
                    catch (LciFormatException damaged) {
                        // CRC mismatch of one segment does not stop reading the others
                    }
                }
            }
        }
        g.tilesIntersecting(new Rect(0, 0, Math.max(1, g.width() / 2), Math.max(1, g.height() / 2)));
        try {
            reader.alphaPlane();
        }
        catch (LciFormatException damaged) {
            // reported as damage
        }
        reader.verifyAll();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("invariant broken: " + what);
        }
    }
}
