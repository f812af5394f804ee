package org.lci.bench.runtime;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.lci.format.RandomAccessSource;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.EncodeResult;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;

/**
 * A large image (default 6000 × 4000, a Kodak picture tiled with mirroring) encoded to a file and decoded
 * back from it: wall times, bits per pixel, peak heap and peak RSS. Run it with {@code -Xmx1g} to show that
 * memory follows the tile, not the image (the 6000 × 4000 source and result rasters alone are 2 × 72 MB).
 *
 * <pre>
 * java -Xmx1g -cp bench/target/lci-bench.jar org.lci.bench.runtime.LargeImageBench --image kodim23.png
 *      [--width 6000] [--height 4000] [--pack FILE.lcipack] [--quality 0.75] [--tile-threads 1]
 * </pre>
 */
public final class LargeImageBench {

    private LargeImageBench() { }

    public static void main(String[] args) throws Exception {
        Path src = Path.of(Measure.required(args, "--image"));
        int w = Integer.parseInt(Measure.arg(args, "--width", "6000"));
        int h = Integer.parseInt(Measure.arg(args, "--height", "4000"));
        double quality = Double.parseDouble(Measure.arg(args, "--quality", "0.75"));
        int tileThreads = Integer.parseInt(Measure.arg(args, "--tile-threads", "1"));
        String pack = Measure.arg(args, "--pack", null);
        ModelPackRegistry registry = pack == null ? ModelPackRegistry.defaults()
                : ModelPackRegistry.empty().addPack(Path.of(pack));
        BufferedImage big = mirrorTiled(ImageIO.read(src.toFile()), w, h);
        Path file = Files.createTempFile("lci-large", ".lci");
        try (LciCodec codec = LciCodec.create(CodecOptions.builder().registry(registry).tileThreads(tileThreads).build())) {
            Measure.resetPeakHeap();
            long t0 = System.nanoTime();
            EncodeResult r;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                r = codec.encode(big, EncodeOptions.builder().quality(quality).build(), out, null);
            }
            double enc = (System.nanoTime() - t0) / 1e6;
            double encHeap = Measure.peakHeapMiB();
            Measure.resetPeakHeap();
            t0 = System.nanoTime();
            BufferedImage out;
            try (RandomAccessSource in = RandomAccessSource.open(file)) {
                out = codec.decode(in, DecodeOptions.defaults(), null);
            }
            double dec = (System.nanoTime() - t0) / 1e6;
            double decHeap = Measure.peakHeapMiB();
            System.out.printf("%dx%d, %d tiles, q=%.2f, provider %s, max heap %d MiB%n", w, h, r.tiles(), quality,
                    codec.provider(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("encode %.0f ms (peak heap %.0f MiB), decode %.0f ms (peak heap %.0f MiB)%n",
                    enc, encHeap, dec, decHeap);
            System.out.printf("%d bytes = %.3f bpp, PSNR %.2f dB, peak RSS %.0f MiB%n", r.bytes(),
                    r.bytes() * 8.0 / ((double) w * h), Measure.psnr(big, out), Measure.peakRssMiB());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The picture repeated with mirroring (no hard edges) to fill w × h. */
    static BufferedImage mirrorTiled(BufferedImage tile, int w, int h) {
        BufferedImage big = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int tw = tile.getWidth();
        int th = tile.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            int ty = (y / th) % 2 == 0 ? y % th : th - 1 - y % th;
            for (int x = 0; x < w; x++) {
                int tx = (x / tw) % 2 == 0 ? x % tw : tw - 1 - x % tw;
                row[x] = tile.getRGB(tx, ty);
            }
            big.setRGB(0, y, w, 1, row, 0, w);
        }
        return big;
    }
}
