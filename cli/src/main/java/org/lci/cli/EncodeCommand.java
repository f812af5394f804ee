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

    @Option(names = "--strip", description = "Drop EXIF and XMP, and convert colours to sRGB (no ICC profile).")
    boolean strip;

    @Mixin
    CodecSettings codecSettings;

    @Override
    public Integer call() throws IOException {
        EncodeSettings settings = settings();
        List<Job> jobs = JobPlan.plan(spec.commandLine(), inputs, output, ".lci", EncodeCommand::looksLikeImage);
        Streams streams = parent.streams();
        int failures = 0;
        try (LciCodec codec = codecSettings.open()) {
            for (Job job : jobs) {
                try {
                    encode(codec, settings, job, streams);
                }
                catch (IOException | RuntimeException e) {
                    streams.err().println("lci: encode " + job.inputName() + ": " + Messages.describe(e));
                    failures++;
                }
            }
        }
        return failures == 0 ? 0 : 1;
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

    private void encode(LciCodec codec, EncodeSettings settings, Job job, Streams streams) throws IOException {
        SourceImage source = SourceImage.read(job.readInput(streams.in()), job.inputName());
        BufferedImage image = strip ? toSrgb(source.image()) : source.image();
        ProgressBar bar = new ProgressBar(streams, "encode " + job.inputName());
        byte[] coded = settings.encode(codec, image,
                strip ? null : source.exif(), strip ? null : source.xmp(), bar);
        bar.finish();
        job.writeOutput(coded, streams.out());
        PrintStream report = job.output() == null ? streams.err() : streams.out();
        report.printf(Locale.ROOT, "%s -> %s: %dx%d, %d bytes, %.3f bpp%n", job.inputName(), job.outputName(),
                image.getWidth(), image.getHeight(), coded.length,
                Quality.bpp(coded.length, image.getWidth(), image.getHeight()));
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
