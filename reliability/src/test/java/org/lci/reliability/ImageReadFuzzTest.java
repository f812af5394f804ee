package org.lci.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lci.imageio.LciImageReadParam;
import org.lci.imageio.LciImageReader;
import org.lci.imageio.LciImageReaderSpi;
import org.lci.format.LciLimits;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.LciCodec;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Fuzz target for the whole ImageIO read path (plugin, runtime, format, ONNX Runtime) with the tiny model pack:
 * header queries, metadata, a full read, a region read of a coarser tier and the thumbnail. The only accepted
 * failure is {@link IIOException}; anything else, a hang or an out-of-memory is a finding.
 * Regression inputs: {@code src/test/resources/org/lci/reliability/ImageReadFuzzTestInputs/read/}.
 */
class ImageReadFuzzTest {
    private static final IIOReadWarningListener IGNORE_WARNINGS = (source, warning) -> { };
    /**
     * The tiny pack with limits of one megapixel: the cost of a legitimate decode grows with the declared size, so a
     * harness without limits would report big-but-valid images as hangs. The limits themselves are tested in
     * {@link LimitsTest}.
     */
    private static final LciCodec CODEC = LciCodec.create(CodecOptions.builder().registry(Fixtures.tinyRegistry())
            .limits(LciLimits.DEFAULT.withMaxPixels(1 << 20)).build());

    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) throws IOException {
        LciImageReader reader = (LciImageReader) new LciImageReaderSpi().createReaderInstance(null);
        reader.setCodec(CODEC);
        reader.addIIOReadWarningListener(IGNORE_WARNINGS);
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            check(w >= 1 && h >= 1, "dimensions");
            reader.getImageMetadata(0);
            reader.getFileInfo(0);
            BufferedImage full = reader.read(0);
            check(full.getWidth() >= 1 && full.getHeight() >= 1, "decoded image");
            int tiers = reader.getNumResolutionTiers(0);
            LciImageReadParam p = (LciImageReadParam) reader.getDefaultReadParam();
            p.setResolutionTier(tiers - 1);
            int tw = Math.max(1, w >> (tiers - 1));
            int th = Math.max(1, h >> (tiers - 1));
            p.setSourceRegion(new Rectangle(tw / 3, th / 3, Math.max(1, tw / 2), Math.max(1, th / 2)));
            p.setSourceSubsampling(2, 1, 0, 0);
            reader.read(0, p);
            reader.readThumbnail(0, 0);
        }
        catch (IIOException expected) {
            // malformed, damaged or truncated input: the documented failure
        }
        finally {
            reader.dispose();
        }
    }

    /** The same after {@link CrcFixer}, so that mutations reach the entropy decoder and the models. */
    @FuzzTest(maxDuration = "10m")
    void readWithValidCrcs(byte[] data) throws IOException {
        read(CrcFixer.fix(data));
    }

    /**
     * The encoded seeds must decode with the current tiny pack, or the fuzzer never gets past the pack lookup:
     * after a pack change, regenerate them with {@link SeedCorpusWriter}.
     */
    @Test
    void encodedSeedsDecodeWithTheCurrentTinyPack() throws Exception {
        Path dir = Fixtures.repoRoot().resolve("reliability/src/test/resources/org/lci/reliability/ImageReadFuzzTestInputs");
        for (String target : new String[] {"read", "readWithValidCrcs"}) {
            try (Stream<Path> files = Files.list(dir.resolve(target))) {
                List<Path> seeds = files.filter(f -> f.getFileName().toString().startsWith("seed-tiny-")).toList();
                assertThat(seeds).hasSizeGreaterThanOrEqualTo(4);
                for (Path f : seeds) {
                    LciImageReader reader = LimitsTest.reader(CODEC, Files.readAllBytes(f));
                    assertThatCode(() -> reader.read(0)).as("%s: stale seed? regenerate with "
                            + "-Dtest=SeedCorpusWriter -Dlci.writeSeeds=true", f.getFileName()).doesNotThrowAnyException();
                }
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("invariant broken: " + what);
        }
    }
}
