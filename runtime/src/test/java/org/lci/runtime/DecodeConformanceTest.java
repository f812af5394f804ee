package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-decode conformance vectors in {@code testdata/decode/} (format-1 pack, see its README) and
 * {@code testdata/decode-cc/} (format-2 pack: channel-conditional groups, integer entropy path): each {@code .lci}
 * file must decode to the recorded symbol and latent digests exactly, at every tier, and to the recorded pixels
 * within the stated tolerance. The vectors carry their own copy of the pack they were coded with
 * ({@code pack.lcipack}), so retraining the tiny packs does not invalidate them.
 * {@code -Dlci.writeVectors=FOLDER} (or {@code true} for both) re-creates them from the current tiny pack first.
 */
class DecodeConformanceTest {

    /** Largest per-sample difference allowed against the expected pixels (float noise of ONNX Runtime). */
    static final int PIXEL_TOLERANCE = 2;

    record Vector(String file, String description, String expectedPng, List<String> symbolDigests,
                  List<String> latentDigests) { }

    record Vectors(String pack, String packDigest, int pixelTolerance, List<Vector> vectors) { }

    /** The pack the vectors were coded with, kept beside them. */
    private static final String PACK = "pack.lcipack";

    @ParameterizedTest
    @ValueSource(strings = {"decode", "decode-cc"})
    void vectorsDecodeExactly(String folder) throws Exception {
        Path dir = TestPacks.repoRoot().resolve("testdata").resolve(folder);
        String write = System.getProperty("lci.writeVectors", "");
        if (write.equals("true") || write.equals(folder)) {
            write(dir, folder.equals("decode") ? TestPacks.tinyPack() : TestPacks.tinyCcPack());
        }
        Vectors v = new Gson().fromJson(Files.readString(dir.resolve("vectors.json")), Vectors.class);
        try (LciCodec codec = LciCodec.create(CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(dir.resolve(PACK))).build())) {
            assertThat(codec.registry().defaultPack().digest()).isEqualTo(v.packDigest());
            assertThat(v.vectors()).hasSizeGreaterThanOrEqualTo(5);
            check(codec, v, dir);
        }
    }

    private void check(LciCodec codec, Vectors v, Path dir) throws IOException {
        for (Vector vec : v.vectors()) {
            byte[] file = Files.readAllBytes(dir.resolve(vec.file()));
            for (int tier = 0; tier < vec.symbolDigests().size(); tier++) {
                LatentReport r = codec.inspectLatents(file, DecodeOptions.tier(tier));
                assertThat(r.symbolDigest()).as("%s tier %d symbols", vec.file(), tier)
                        .isEqualTo(vec.symbolDigests().get(tier));
                assertThat(r.latentDigest()).as("%s tier %d latents", vec.file(), tier)
                        .isEqualTo(vec.latentDigests().get(tier));
            }
            BufferedImage expected = ImageIO.read(dir.resolve(vec.expectedPng()).toFile());
            BufferedImage actual = codec.decode(file, DecodeOptions.defaults(), null);
            assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
            assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
            assertThat(actual.getColorModel().getNumComponents()).isEqualTo(expected.getColorModel().getNumComponents());
            assertThat(maxDifference(expected, actual)).as("%s pixels", vec.file())
                    .isLessThanOrEqualTo(v.pixelTolerance());
        }
    }

    /** Largest difference over every band (gray, RGB, alpha) of two images of the same layout. */
    static int maxDifference(BufferedImage a, BufferedImage b) {
        int bands = a.getRaster().getNumBands();
        int[] pa = new int[bands];
        int[] pb = new int[b.getRaster().getNumBands()];
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                a.getRaster().getPixel(x, y, pa);
                b.getRaster().getPixel(x, y, pb);
                for (int i = 0; i < bands; i++) {
                    max = Math.max(max, Math.abs(pa[i] - pb[i]));
                }
            }
        }
        return max;
    }

    /** Re-creates every vector of {@code dir} with {@code source} (run once when the pack or the format changes). */
    private void write(Path dir, Path source) throws IOException {
        Files.createDirectories(dir);
        Files.copy(source, dir.resolve(PACK), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LciCodec codec = LciCodec.create(CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(dir.resolve(PACK))).build());
        Map<String, Object[]> inputs = new LinkedHashMap<>();
        inputs.put("lakeside-q50", new Object[] {TestPacks.lakeside(), EncodeOptions.builder().quality(0.5).build(),
                "testdata/images/lakeside.png, 384x256 RGB, one tile, q = 0.5"});
        inputs.put("tiled-q80", new Object[] {TestPacks.synthetic(200, 136, BufferedImage.TYPE_INT_RGB),
                EncodeOptions.builder().quality(0.8).tileSize(64).overlap(16).build(),
                "synthetic 200x136 RGB, T = 64, O = 16 (4x3 tiles, blended overlaps), q = 0.8"});
        inputs.put("rgba-odd-q30", new Object[] {TestPacks.synthetic(67, 45, BufferedImage.TYPE_INT_ARGB),
                EncodeOptions.builder().quality(0.3).build(), "synthetic 67x45 RGBA (alpha ramp), one tile, q = 0.3"});
        inputs.put("gray-q100", new Object[] {TestPacks.synthetic(50, 40, BufferedImage.TYPE_BYTE_GRAY),
                EncodeOptions.builder().quality(1.0).build(), "synthetic 50x40 gray, one tile, q = 1"});
        inputs.put("one-pixel", new Object[] {TestPacks.synthetic(1, 1, BufferedImage.TYPE_INT_RGB),
                EncodeOptions.builder().quality(0.75).build(), "1x1 RGB, q = 0.75"});
        List<Vector> vectors = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : inputs.entrySet()) {
            String name = e.getKey();
            byte[] file = TestPacks.encode(codec, (BufferedImage) e.getValue()[0], (EncodeOptions) e.getValue()[1]);
            Files.write(dir.resolve(name + ".lci"), file);
            ImageIO.write(codec.decode(file, DecodeOptions.defaults(), null), "png",
                    dir.resolve(name + ".expected.png").toFile());
            List<String> symbols = new ArrayList<>();
            List<String> latents = new ArrayList<>();
            for (int tier = 0; tier < codec.readInfo(file).tierCount(); tier++) {
                LatentReport r = codec.inspectLatents(file, DecodeOptions.tier(tier));
                symbols.add(r.symbolDigest());
                latents.add(r.latentDigest());
            }
            vectors.add(new Vector(name + ".lci", (String) e.getValue()[2], name + ".expected.png", symbols, latents));
        }
        ModelPackInfo pack = codec.registry().defaultPack();
        Vectors all = new Vectors(pack.name() + " " + pack.version() + " (" + PACK + ", a copy of "
                + source.getFileName() + ")",
                pack.digest(),
                PIXEL_TOLERANCE, vectors);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Files.writeString(dir.resolve("vectors.json"), gson.toJson(all) + "\n", StandardCharsets.UTF_8);
        codec.close();
    }
}
