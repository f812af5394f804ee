package org.lci.cli;

import org.lci.imageio.LciImageReadParam;
import org.lci.imageio.LciImageReader;
import org.lci.runtime.LciCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "decode", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Decode .lci files to PNG, JPEG, TIFF, BMP… (format by the output's extension)."})
final class DecodeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LciCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN", description = ".lci files, folders, or - for standard input.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output image (one input), folder (several inputs), or - for standard output. "
                    + "Default: next to each input, as --format.")
    String output;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "png",
            description = "Output format when -o does not name a file with an extension (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tier", paramLabel = "K", defaultValue = "0",
            description = "Resolution tier: 0 full size, 1 half, 2 quarter… (cheaper than decoding full size).")
    int tier;

    @Option(names = "--region", paramLabel = "x,y,w,h", converter = RegionConverter.class,
            description = "Decode only this rectangle, in full-resolution pixels; only the tiles it touches are decoded.")
    Rectangle region;

    @Mixin
    CodecSettings codecSettings;

    @Mixin
    BatchOptions batch;

    @Override
    public Integer call() throws IOException {
        if (tier < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tier: expected 0 or more, found " + tier);
        }
        String defaultFormat = format.toLowerCase(Locale.ROOT);
        OutputFormats.requireWritable(spec.commandLine(), defaultFormat, "--format");
        Batch.Settings batchSettings = batch.settings(spec.commandLine());
        JobPlan.Plan plan = JobPlan.plan(spec.commandLine(), inputs, batch.output(output), batch.recursive,
                "." + defaultFormat, file -> JobPlan.suffixOf(file).equals("lci"));
        List<Job> jobs = plan.jobs();
        for (Job job : jobs) {
            if (job.output() != null && !Files.isDirectory(job.output())) {
                OutputFormats.requireWritable(spec.commandLine(), formatOf(job, defaultFormat), "-o");
            }
        }
        Streams streams = parent.streams();
        try (LciCodec codec = codecSettings.open(batchSettings.jobs())) {
            return new Batch("decode", batchSettings, streams).run(plan.jobs(), plan.ignored(),
                    job -> decode(codec, job, formatOf(job, defaultFormat), streams));
        }
    }

    private static String formatOf(Job job, String defaultFormat) {
        if (job.output() == null) {
            return defaultFormat;
        }
        String suffix = JobPlan.suffixOf(job.output());
        return suffix.isEmpty() ? defaultFormat : suffix;
    }

    /** DEGRADED when the decoder warned (e.g. a truncated file); the warning is printed. */
    private Batch.Outcome decode(LciCodec codec, Job job, String outputFormat, Streams streams) throws IOException {
        BufferedImage image;
        List<String> warnings = new java.util.ArrayList<>();
        // A file is read on demand (a tier or region reads only its segments); standard input is read whole.
        try (ImageInputStream input = job.input() == null
                ? new MemoryCacheImageInputStream(new ByteArrayInputStream(job.readLciInput(streams.in())))
                : new FileImageInputStream(job.input().toFile())) {
            image = read(codec, input, job.inputName(), streams, warnings);
        }
        byte[] encoded = OutputFormats.encode(image, outputFormat);
        job.writeOutput(encoded, streams.out());
        if (!batch.quiet) {
            PrintStream report = job.output() == null ? streams.err() : streams.out();
            report.printf(Locale.ROOT, "%s -> %s: %dx%d (tier %d)%n", job.inputName(), job.outputName(),
                    image.getWidth(), image.getHeight(), tier);
        }
        for (String w : warnings) {
            streams.err().println("lci: warning: decode " + job.inputName() + ": " + w);
        }
        long in = job.input() == null ? 0 : Files.size(job.input());
        return new Batch.Outcome(warnings.isEmpty() ? Batch.Status.DONE : Batch.Status.DEGRADED, in, encoded.length);
    }

    private BufferedImage read(LciCodec codec, ImageInputStream input, String name, Streams streams,
                               List<String> warnings) throws IOException {
        LciImageReader reader = Plugin.reader(codec, input);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            LciImageReadParam param = (LciImageReadParam) reader.getDefaultReadParam();
            int tiers = reader.getNumResolutionTiers(0);
            if (tier >= tiers) {
                throw new IOException("--tier " + tier + ": the file has tiers 0.." + (tiers - 1));
            }
            param.setResolutionTier(tier);
            if (region != null) {
                param.setSourceRegion(tierRegion(region, reader.getTierScaleLog2(tier), reader.getWidth(0),
                        reader.getHeight(0)));
            }
            ProgressBar bar = batch.quiet || batch.jobs > 1 ? null : new ProgressBar(streams, "decode " + name);
            if (bar != null) {
                reader.addIIOReadProgressListener(bar);
            }
            BufferedImage image = reader.read(0, param);
            if (bar != null) {
                bar.finish();
            }
            return image;
        }
        finally {
            reader.dispose();
        }
    }

    /** The tier-k rectangle covering a full-resolution region (the format library's one rule). */
    static Rectangle tierRegion(Rectangle full, int scaleLog2, int width, int height) throws IOException {
        Rectangle clipped = full.intersection(new Rectangle(width, height));
        if (clipped.isEmpty()) {
            throw new IOException("--region " + full.x + "," + full.y + "," + full.width + "," + full.height
                    + " lies outside the " + width + "x" + height + " image");
        }
        org.lci.format.Rect tier = org.lci.format.TileGrid.singleTile(width, height).coveringRect(
                new org.lci.format.Rect(clipped.x, clipped.y, clipped.width, clipped.height), scaleLog2);
        return new Rectangle(tier.x(), tier.y(), tier.width(), tier.height());
    }

    static final class RegionConverter implements CommandLine.ITypeConverter<Rectangle> {
        @Override
        public Rectangle convert(String value) {
            String[] parts = value.split(",");
            if (parts.length != 4) {
                throw new CommandLine.TypeConversionException("expected x,y,w,h, found '" + value + "'");
            }
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Integer.parseInt(parts[i].trim());
                }
                catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("expected x,y,w,h as integers, found '" + value + "'");
                }
            }
            if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0) {
                throw new CommandLine.TypeConversionException("expected x,y >= 0 and w,h > 0, found '" + value + "'");
            }
            return new Rectangle(v[0], v[1], v[2], v[3]);
        }
    }
}
