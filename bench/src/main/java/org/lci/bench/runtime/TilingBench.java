package org.lci.bench.runtime;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;

/**
 * The cost of tiling: each image coded as one tile and with smaller tiles; reports the rate increase, the
 * PSNR change, and the seam penalty: how much worse the pixels near tile boundaries (±4 px around each core
 * edge) are than the rest in the tiled decode, beyond the same gap in the one-tile decode (dB; ≤ 0: no seam).
 *
 * <pre>
 * java -cp bench/target/lci-bench.jar org.lci.bench.runtime.TilingBench --images DIR [--pack FILE.lcipack]
 *      [--tile 256] [--overlap 32] [--quality 0.75] [--limit 8]
 * </pre>
 */
public final class TilingBench {

    private TilingBench() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(Measure.required(args, "--images"));
        int tile = Integer.parseInt(Measure.arg(args, "--tile", "256"));
        int overlap = Integer.parseInt(Measure.arg(args, "--overlap", "32"));
        double quality = Double.parseDouble(Measure.arg(args, "--quality", "0.75"));
        int limit = Integer.parseInt(Measure.arg(args, "--limit", "8"));
        String pack = Measure.arg(args, "--pack", null);
        ModelPackRegistry registry = pack == null ? ModelPackRegistry.defaults()
                : ModelPackRegistry.empty().addPack(Path.of(pack));
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(p -> p.toString().endsWith(".png")).sorted().limit(limit).toList();
        }
        List<Double> rate = new ArrayList<>();
        List<Double> dPsnr = new ArrayList<>();
        List<Double> seam = new ArrayList<>();
        try (LciCodec codec = LciCodec.create(CodecOptions.builder().registry(registry).build())) {
            for (Path p : images) {
                BufferedImage img = ImageIO.read(p.toFile());
                byte[] one = encode(codec, img, EncodeOptions.builder().quality(quality).build());
                byte[] tiled = encode(codec, img, EncodeOptions.builder().quality(quality).tileSize(tile)
                        .overlap(overlap).build());
                BufferedImage a = codec.decode(one, DecodeOptions.defaults(), null);
                BufferedImage b = codec.decode(tiled, DecodeOptions.defaults(), null);
                double[] bands = bandPsnr(img, b, tile);
                double[] bandsOne = bandPsnr(img, a, tile);
                rate.add(100.0 * (tiled.length - one.length) / one.length);
                dPsnr.add(Measure.psnr(img, b) - Measure.psnr(img, a));
                seam.add((bandsOne[0] - bandsOne[1]) - (bands[0] - bands[1]));
                System.out.printf("%-14s one tile %7d B, T=%d O=%d %7d B (%+.1f%%), PSNR %.2f → %.2f dB, "
                                + "seam penalty %+.2f dB%n", p.getFileName(), one.length, tile, overlap,
                        tiled.length, rate.get(rate.size() - 1), Measure.psnr(img, a), Measure.psnr(img, b),
                        seam.get(seam.size() - 1));
            }
        }
        System.out.printf("%nT=%d O=%d vs one tile: mean rate %+.1f%%, mean PSNR %+.2f dB, "
                + "seam penalty %+.2f dB%n", tile, overlap, Measure.mean(rate), Measure.mean(dPsnr),
                Measure.mean(seam));
    }

    private static byte[] encode(LciCodec codec, BufferedImage img, EncodeOptions o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(img, o, out, null);
        return out.toByteArray();
    }

    /** {PSNR of pixels within 4 px of a core edge, PSNR of the others}. */
    private static double[] bandPsnr(BufferedImage ref, BufferedImage dec, int tile) {
        double[] se = new double[2];
        long[] n = new long[2];
        for (int y = 0; y < ref.getHeight(); y++) {
            for (int x = 0; x < ref.getWidth(); x++) {
                int dx = Math.min(x % tile, tile - x % tile);
                int dy = Math.min(y % tile, tile - y % tile);
                int k = (x >= 4 && dx < 4) || (y >= 4 && dy < 4) ? 0 : 1;
                int p = ref.getRGB(x, y);
                int q = dec.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    int d = (p >> s & 255) - (q >> s & 255);
                    se[k] += d * d;
                    n[k]++;
                }
            }
        }
        return new double[] {10 * Math.log10(65025.0 * n[0] / Math.max(se[0], 1e-9)),
                10 * Math.log10(65025.0 * n[1] / Math.max(se[1], 1e-9))};
    }
}
