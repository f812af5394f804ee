package org.lci.cli;

import org.lci.runtime.LciCodec;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "encode", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Encode images (PNG, JPEG, TIFF, BMP, WebP, GIF…) to .lci.",
                "ICC profile, EXIF and XMP are kept unless --strip is given."})
final class EncodeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LciCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Image files, folders, or - for standard input.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output .lci file (one input), folder (several inputs), or - for standard output. "
                    + "Default: next to each input.")
    String output;

    @ArgGroup(exclusive = true)
    Rate rate = new Rate();

    static final class Rate {
        @Option(names = {"-q", "--quality"}, paramLabel = "0..100", description = "Quality (default 75).")
        Integer quality;

        @Option(names = "--size", paramLabel = "BYTES", description = "Target file size in bytes.")
        Long size;

        @Option(names = "--bpp", paramLabel = "B", description = "Target bits per pixel.")
        Double bpp;
    }

    @Option(names = "--tile-size", paramLabel = "T", description = "Tile size in pixels (multiple of 64).")
    int tileSize;

    @Option(names = "--model", paramLabel = "NAME", description = "Model pack to encode with (default pack if absent).")
    String model;

    @Option(names = "--strip", description = "Same as --metadata none.")
    boolean strip;

    @Option(names = "--metadata", paramLabel = "all|none|icc,exif,xmp", defaultValue = "all",
            description = "Metadata kept (default: ${DEFAULT-VALUE}). Without icc, colours are converted to sRGB.")
    String metadata;

    @Mixin
    CodecSettings codecSettings;

    @Mixin
    BatchOptions batch;

    private boolean keepIcc;
    private boolean keepExif;
    private boolean keepXmp;

    @Override
    public Integer call() throws IOException {
        EncodeSettings settings = settings();
        parseMetadata();
        Batch.Settings batchSettings = batch.settings(spec.commandLine());
        JobPlan.Plan plan = JobPlan.plan(spec.commandLine(), inputs, batch.output(output), batch.recursive, ".lci",
                EncodeCommand::looksLikeImage);
        Streams streams = parent.streams();
        try (LciCodec codec = codecSettings.open(batchSettings.jobs())) {
            return new Batch("encode", batchSettings, streams).run(plan.jobs(), plan.ignored(),
                    job -> encode(codec, settings, job, streams));
        }
    }

    private void parseMetadata() {
        String m = strip ? "none" : metadata.toLowerCase(Locale.ROOT).trim();
        if (m.equals("all") || m.equals("none")) {
            keepIcc = keepExif = keepXmp = m.equals("all");
            return;
        }
        for (String part : m.split(",")) {
            switch (part.trim()) {
                case "icc" -> keepIcc = true;
                case "exif" -> keepExif = true;
                case "xmp" -> keepXmp = true;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--metadata: expected all, none or a list of icc, exif, xmp; found '" + metadata + "'");
            }
        }
    }

    private EncodeSettings settings() {
        if (rate.quality != null && (rate.quality < 0 || rate.quality > 100)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-q: expected 0..100, found " + rate.quality);
        }
        if (rate.size != null && rate.size <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size: expected > 0 bytes, found " + rate.size);
        }
        if (rate.bpp != null && !(rate.bpp > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bpp: expected > 0, found " + rate.bpp);
        }
        if (tileSize != 0 && (tileSize < 64 || tileSize % 64 != 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tile-size: expected a multiple of 64, found " + tileSize);
        }
        float quality = rate.quality == null ? Float.NaN : rate.quality / 100f;
        return new EncodeSettings(quality, rate.size == null ? 0 : rate.size, rate.bpp == null ? 0 : rate.bpp,
                tileSize, model);
    }

    private Batch.Outcome encode(LciCodec codec, EncodeSettings settings, Job job, Streams streams) throws IOException {
        byte[] input = job.readInput(streams.in());
        SourceImage source = SourceImage.read(input, job.inputName());
        BufferedImage image = keepIcc ? source.image() : toSrgb(source.image());
        ProgressBar bar = batch.quiet || batch.jobs > 1 ? null : new ProgressBar(streams, "encode " + job.inputName());
        byte[] coded = settings.encode(codec, image, keepExif ? source.exif() : null, keepXmp ? source.xmp() : null,
                bar);
        if (bar != null) {
            bar.finish();
        }
        job.writeOutput(coded, streams.out());
        if (!batch.quiet) {
            PrintStream report = job.output() == null ? streams.err() : streams.out();
            report.printf(Locale.ROOT, "%s -> %s: %dx%d, %d bytes, %.3f bpp%n", job.inputName(), job.outputName(),
                    image.getWidth(), image.getHeight(), coded.length,
                    Quality.bpp(coded.length, image.getWidth(), image.getHeight()));
        }
        return new Batch.Outcome(Batch.Status.DONE, input.length, coded.length);
    }

    /** Pixels converted to sRGB, so that the file needs no ICC profile. */
    static BufferedImage toSrgb(BufferedImage image) {
        if (image.getColorModel().getColorSpace().isCS_sRGB()
                || image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return image;
        }
        BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(),
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(image, srgb);
        return srgb;
    }

    /** In a folder, take the files whose suffix some ImageIO reader claims (other than .lci itself). */
    static boolean looksLikeImage(Path file) {
        String suffix = JobPlan.suffixOf(file);
        return !suffix.equals("lci") && ImageIO.getImageReadersBySuffix(suffix).hasNext();
    }
}
