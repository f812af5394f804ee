package org.lci.cli;

import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Encode and decode images, reporting time, bits per pixel and PSNR.",
                "Times are the median of --repeat runs after one warm-up (sessions and JIT);",
                "the warm-up's own times are printed last (what a fresh process pays once)."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LciCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIR", description = "Images (PNG, JPEG, …) or folders of them.")
    List<String> inputs;

    @Option(names = {"-q", "--quality"}, paramLabel = "0..100", defaultValue = "75",
            description = "Quality (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Timed runs per image (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--model", paramLabel = "NAME", description = "Model pack (default pack if absent).")
    String model;

    @Option(names = "--tier", paramLabel = "K", defaultValue = "0",
            description = "Decode at this resolution tier (PSNR is then against the box-downscaled input).")
    int tier;

    @Mixin
    CodecSettings codecSettings;

    @Override
    public Integer call() throws IOException {
        if (quality < 0 || quality > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-q: expected 0..100, found " + quality);
        }
        if (tier < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tier: expected 0 or more, found " + tier);
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat: expected 1 or more, found " + repeat);
        }
        List<Job> jobs = JobPlan.plan(spec.commandLine(), inputs, null, ".lci", EncodeCommand::looksLikeImage);
        Streams streams = parent.streams();
        PrintStream out = streams.out();
        EncodeSettings settings = new EncodeSettings(quality / 100f, 0, 0, 0, model);
        int failures = 0;
        double bits = 0;
        long pixels = 0;
        out.printf(Locale.ROOT, "%-28s %11s %9s %8s %8s %10s %10s%n", "image", "size", "bytes", "bpp", "PSNR",
                "encode ms", "decode ms");
        Result cold = null;
        try (LciCodec codec = codecSettings.open()) {
            boolean warm = false;
            for (Job job : jobs) {
                try {
                    BufferedImage image = SourceImage.read(job.readInput(streams.in()), job.inputName()).image();
                    if (!warm) {
                        cold = measure(codec, settings, image, 1, tier); // first use creates the ONNX Runtime sessions
                        warm = true;
                    }
                    Result r = measure(codec, settings, image, repeat, tier);
                    bits += r.bytes * 8.0;
                    pixels += (long) image.getWidth() * image.getHeight();
                    out.printf(Locale.ROOT, "%-28s %11s %9d %8.4f %8.2f %10.1f %10.1f%n", shorten(job.inputName()),
                            image.getWidth() + "x" + image.getHeight(), r.bytes,
                            Quality.bpp(r.bytes, image.getWidth(), image.getHeight()), r.psnr, r.encodeMs, r.decodeMs);
                }
                catch (IOException | RuntimeException e) {
                    streams.err().println("lci: bench " + job.inputName() + ": " + Messages.describe(e));
                    failures++;
                }
            }
            if (pixels > 0) {
                out.printf(Locale.ROOT, "mean bpp %.4f over %d pixels, quality %d, provider %s%n",
                        bits / pixels, pixels, quality, codec.provider());
            }
            if (cold != null) {
                out.printf(Locale.ROOT, "first run in this process (warm-up, not in the medians): encode %.1f ms, "
                        + "decode %.1f ms%n", cold.encodeMs, cold.decodeMs);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private record Result(long bytes, double psnr, double encodeMs, double decodeMs) { }

    private static Result measure(LciCodec codec, EncodeSettings settings, BufferedImage image, int runs, int tier)
            throws IOException {
        double[] encode = new double[runs];
        double[] decode = new double[runs];
        byte[] coded = null;
        BufferedImage decoded = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            coded = settings.encode(codec, image, null, null, null);
            long t1 = System.nanoTime();
            decoded = codec.decode(coded, DecodeOptions.tier(tier), ProgressListener.NONE);
            long t2 = System.nanoTime();
            encode[i] = (t1 - t0) / 1e6;
            decode[i] = (t2 - t1) / 1e6;
        }
        BufferedImage reference = tier == 0 ? image : Quality.boxDownscale(image, 1 << tier);
        return new Result(coded.length, Quality.psnr(reference, decoded), median(encode), median(decode));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String shorten(String name) {
        return name.length() <= 28 ? name : "…" + name.substring(name.length() - 27);
    }
}
