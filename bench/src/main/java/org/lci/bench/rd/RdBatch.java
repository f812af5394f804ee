package org.lci.bench.rd;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Batch encoder/decoder for the rate-distortion harness (bench/rd): runs a jobs file through one
 * codec in a single JVM, writes each coded file and decoded PNG, and prints one line per decode:
 * {@code RESULT <job> <bytes> <enc_ms> <tier> <dec_ms> <prefix_bytes>} (tab-separated), where
 * prefix_bytes is what a client fetches for that tier (see {@link RdCodec#prefixBytes}).
 *
 * <p>Times are wall-clock around the in-memory encode and decode calls only (no PNG reading or
 * writing). The first job is run once untimed beforehand so that JIT compilation and model loading
 * are not charged to it.
 *
 * <pre>java -cp lci-bench.jar org.lci.bench.rd.RdBatch --codec lci|jpeg-imageio --jobs FILE
 *      [--pack FILE.lcipack] [--threads N]</pre>
 */
public final class RdBatch {

    private RdBatch() {
    }

    public static void main(String[] args) throws Exception {
        String codecName = null;
        Path jobsFile = null;
        Path pack = null;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw usage("missing value after " + a);
            }
            switch (a) {
                case "--codec" -> codecName = args[++i];
                case "--jobs" -> jobsFile = Path.of(args[++i]);
                case "--pack" -> pack = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw usage("unknown argument " + a);
            }
        }
        if (codecName == null || jobsFile == null) {
            throw usage("--codec and --jobs are required");
        }
        List<RdJob> jobs = readJobs(jobsFile);
        try (RdCodec codec = open(codecName, pack, threads)) {
            run(codec, jobs, System.out);
            if (codec instanceof LciRdCodec lci) {
                // After the run, so the execution provider is known.
                System.out.println("INFO\t" + lci.describe());
            }
        }
    }

    private static IllegalArgumentException usage(String why) {
        return new IllegalArgumentException(why + "; usage: RdBatch --codec lci|jpeg-imageio --jobs FILE "
                + "[--pack FILE.lcipack] [--threads N]");
    }

    static RdCodec open(String name, Path pack, int threads) throws IOException {
        switch (name) {
            case "jpeg-imageio":
                return new ImageIoJpegCodec();
            case "lci":
                return pack == null && threads == 0 ? new LciRdCodec() : new LciRdCodec(pack, threads);
            default:
                throw new IllegalArgumentException("unknown codec '" + name + "', expected lci or jpeg-imageio");
        }
    }

    static List<RdJob> readJobs(Path file) throws IOException {
        List<RdJob> jobs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                jobs.add(RdJob.parse(lines.get(i), i + 1));
            }
        }
        return jobs;
    }

    static void run(RdCodec codec, List<RdJob> jobs, PrintStream out) throws IOException {
        if (!jobs.isEmpty()) {
            RdJob first = jobs.get(0);
            byte[] warm = codec.encode(read(first.source()), first.quality());
            for (int tier : first.tiers()) {
                codec.decode(warm, tier);
            }
        }
        for (int j = 0; j < jobs.size(); j++) {
            RdJob job = jobs.get(j);
            BufferedImage image = read(job.source());
            long t0 = System.nanoTime();
            byte[] coded = codec.encode(image, job.quality());
            double encMs = (System.nanoTime() - t0) / 1e6;
            Files.createDirectories(job.coded().toAbsolutePath().getParent());
            Files.write(job.coded(), coded);
            for (int tier : job.tiers()) {
                long t1 = System.nanoTime();
                BufferedImage decoded = codec.decode(coded, tier);
                double decMs = (System.nanoTime() - t1) / 1e6;
                if (!ImageIO.write(decoded, "png", job.decoded(tier).toFile())) {
                    throw new IOException("no PNG writer for decoded image type " + decoded.getType());
                }
                out.println(String.format(Locale.ROOT, "RESULT\t%d\t%d\t%.3f\t%d\t%.3f\t%d",
                        j, coded.length, encMs, tier, decMs, codec.prefixBytes(coded, tier)));
            }
            out.flush();
        }
    }

    private static BufferedImage read(Path source) throws IOException {
        BufferedImage img = ImageIO.read(source.toFile());
        if (img == null) {
            throw new IOException("cannot read image " + source);
        }
        return img;
    }
}
