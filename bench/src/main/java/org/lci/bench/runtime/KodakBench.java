package org.lci.bench.runtime;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.EncodeResult;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;

/**
 * Speed of the LCI runtime on a folder of PNGs (Kodak), next to the JDK's ImageIO JPEG on the same images:
 * median encode and decode wall time per image, peak heap, bits per pixel of the real bitstream and PSNR.
 * Each image is coded {@code --reps} times after a warm-up; the per-image median enters the summary. The
 * process CPU time of LCI's encodes and decodes is reported too: on a shared, loaded machine it says what the
 * work costs when wall time mostly says how busy the machine was.
 *
 * <pre>
 * java -cp bench/target/lci-bench.jar org.lci.bench.runtime.KodakBench --images DIR [--pack FILE.lcipack]
 *      [--quality 0.75] [--jpeg-quality 0.75] [--reps 3] [--threads 0] [--limit N]
 * </pre>
 */
public final class KodakBench {

    private KodakBench() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(Measure.required(args, "--images"));
        double quality = Double.parseDouble(Measure.arg(args, "--quality", "0.75"));
        float jpegQuality = Float.parseFloat(Measure.arg(args, "--jpeg-quality", "0.75"));
        int reps = Integer.parseInt(Measure.arg(args, "--reps", "3"));
        int threads = Integer.parseInt(Measure.arg(args, "--threads", "0"));
        int limit = Integer.parseInt(Measure.arg(args, "--limit", "1000"));
        String pack = Measure.arg(args, "--pack", null);
        ModelPackRegistry registry = pack == null ? ModelPackRegistry.defaults()
                : ModelPackRegistry.empty().addPack(Path.of(pack));
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(p -> p.toString().toLowerCase().endsWith(".png")).sorted().limit(limit).toList();
        }
        if (images.isEmpty()) {
            throw new IOException("no .png images in " + dir);
        }
        try (LciCodec codec = LciCodec.create(CodecOptions.builder().registry(registry).intraOpThreads(threads).build())) {
            System.out.printf("pack %s %s (%s), provider after warm-up: ", registry.defaultPack().name(),
                    registry.defaultPack().version(), registry.defaultPack().digest().substring(0, 16));
            BufferedImage warm = ImageIO.read(images.get(0).toFile());
            for (int i = 0; i < 2; i++) {
                codec.decode(lci(codec, warm, quality).bytes, DecodeOptions.defaults(), null);
                jpeg(warm, jpegQuality);
            }
            System.out.println(codec.provider());
            List<Double> lEnc = new ArrayList<>();
            List<Double> lDec = new ArrayList<>();
            List<Double> lBpp = new ArrayList<>();
            List<Double> lPsnr = new ArrayList<>();
            List<Double> jEnc = new ArrayList<>();
            List<Double> jDec = new ArrayList<>();
            List<Double> jBpp = new ArrayList<>();
            List<Double> jPsnr = new ArrayList<>();
            double peakHeap = 0;
            double lEncCpu = 0;
            double lDecCpu = 0;
            int runs = 0;
            System.out.println("image           lci enc ms  dec ms   bpp   PSNR | jpeg enc ms  dec ms   bpp   PSNR");
            for (Path p : images) {
                BufferedImage img = ImageIO.read(p.toFile());
                double pixels = (double) img.getWidth() * img.getHeight();
                List<Double> e = new ArrayList<>();
                List<Double> d = new ArrayList<>();
                List<Double> je = new ArrayList<>();
                List<Double> jd = new ArrayList<>();
                Coded c = null;
                BufferedImage out = null;
                Coded j = null;
                BufferedImage jout = null;
                for (int r = 0; r < reps; r++) {
                    Measure.resetPeakHeap();
                    double cpu0 = Measure.processCpuMs();
                    c = lci(codec, img, quality);
                    double cpu1 = Measure.processCpuMs();
                    e.add(c.ms);
                    long t0 = System.nanoTime();
                    out = codec.decode(c.bytes, DecodeOptions.defaults(), null);
                    d.add((System.nanoTime() - t0) / 1e6);
                    lEncCpu += cpu1 - cpu0;
                    lDecCpu += Measure.processCpuMs() - cpu1;
                    runs++;
                    peakHeap = Math.max(peakHeap, Measure.peakHeapMiB());
                    j = jpeg(img, jpegQuality);
                    je.add(j.ms);
                    t0 = System.nanoTime();
                    jout = ImageIO.read(new ByteArrayInputStream(j.bytes));
                    jd.add((System.nanoTime() - t0) / 1e6);
                }
                lEnc.add(Measure.median(e));
                lDec.add(Measure.median(d));
                lBpp.add(c.bytes.length * 8 / pixels);
                lPsnr.add(Measure.psnr(img, out));
                jEnc.add(Measure.median(je));
                jDec.add(Measure.median(jd));
                jBpp.add(j.bytes.length * 8 / pixels);
                jPsnr.add(Measure.psnr(img, jout));
                int k = lEnc.size() - 1;
                System.out.printf("%-14s %8.1f %7.1f %6.3f %6.2f | %8.1f %7.1f %6.3f %6.2f%n", p.getFileName(),
                        lEnc.get(k), lDec.get(k), lBpp.get(k), lPsnr.get(k), jEnc.get(k), jDec.get(k), jBpp.get(k),
                        jPsnr.get(k));
            }
            System.out.printf("%nLCI  q=%.2f: median encode %.1f ms, median decode %.1f ms, mean %.3f bpp, mean PSNR %.2f dB%n",
                    quality, Measure.median(lEnc), Measure.median(lDec), Measure.mean(lBpp), Measure.mean(lPsnr));
            System.out.printf("JPEG q=%.2f: median encode %.1f ms, median decode %.1f ms, mean %.3f bpp, mean PSNR %.2f dB%n",
                    jpegQuality, Measure.median(jEnc), Measure.median(jDec), Measure.mean(jBpp), Measure.mean(jPsnr));
            System.out.printf("LCI process CPU time: mean %.0f ms per encode, %.0f ms per decode (all threads)%n",
                    lEncCpu / runs, lDecCpu / runs);
            System.out.printf("peak heap (sum of pool peaks, per image, max) %.0f MiB; peak RSS %.0f MiB; %d CPUs%n",
                    peakHeap, Measure.peakRssMiB(), Runtime.getRuntime().availableProcessors());
        }
    }

    private record Coded(byte[] bytes, double ms) { }

    private static Coded lci(LciCodec codec, BufferedImage img, double quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        EncodeResult r = codec.encode(img, EncodeOptions.builder().quality(quality).build(), out, null);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.bytes() != out.size()) {
            throw new IllegalStateException("encode result says " + r.bytes() + " bytes, stream has " + out.size());
        }
        return new Coded(out.toByteArray(), ms);
    }

    private static Coded jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return new Coded(out.toByteArray(), (System.nanoTime() - t0) / 1e6);
    }
}
