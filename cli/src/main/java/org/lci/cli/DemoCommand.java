package org.lci.cli;

import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Encode and decode the bundled sample image with the default model pack.",
                "Prints sizes, bits per pixel and PSNR; -o DIR also saves the files."})
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "/org/lci/cli/samples/lakeside.png";

    @CommandLine.ParentCommand
    LciCommand parent;

    @Option(names = {"-q", "--quality"}, paramLabel = "0..100", defaultValue = "75",
            description = "Quality (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also save lakeside.lci and lakeside.decoded.png into this folder.")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", description = "Model pack (default: the embedded one).")
    String model;

    @Mixin
    CodecSettings codecSettings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (quality < 0 || quality > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-q: expected 0..100, found " + quality);
        }
        byte[] png;
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("the sample image " + SAMPLE + " is missing from this build");
            }
            png = in.readAllBytes();
        }
        PrintStream out = parent.streams().out();
        BufferedImage image = SourceImage.read(png, "lakeside.png").image();
        try (LciCodec codec = codecSettings.open()) {
            EncodeSettings settings = new EncodeSettings(quality / 100f, 0, 0, 0, model);
            long t0 = System.nanoTime();
            byte[] coded = settings.encode(codec, image, null, null, null);
            long t1 = System.nanoTime();
            BufferedImage decoded = codec.decode(coded, DecodeOptions.defaults(), ProgressListener.NONE);
            long t2 = System.nanoTime();
            BufferedImage thumbnail = codec.decode(coded, DecodeOptions.tier(codec.readInfo(coded).tierCount() - 1),
                    ProgressListener.NONE);
            int w = image.getWidth();
            int h = image.getHeight();
            out.printf(Locale.ROOT, "sample     lakeside.png, %dx%d, PNG %d bytes (%.3f bpp)%n", w, h, png.length,
                    Quality.bpp(png.length, w, h));
            out.printf(Locale.ROOT, "model      %s (%s)%n", codec.registry().find(codec.readInfo(coded).packDigestPrefix()).name(),
                    codec.provider());
            out.printf(Locale.ROOT, "encoded    %d bytes, %.3f bpp, quality %d, %.0f ms (first run includes model load)%n",
                    coded.length, Quality.bpp(coded.length, w, h), quality, (t1 - t0) / 1e6);
            out.printf(Locale.ROOT, "decoded    %dx%d, PSNR %.2f dB, %.0f ms%n", decoded.getWidth(), decoded.getHeight(),
                    Quality.psnr(image, decoded), (t2 - t1) / 1e6);
            out.printf(Locale.ROOT, "thumbnail  %dx%d from the smallest tier%n", thumbnail.getWidth(), thumbnail.getHeight());
            out.printf(Locale.ROOT, "ratio      %.1fx smaller than the PNG%n", (double) png.length / coded.length);
            if (output != null) {
                Path lci = output.resolve("lakeside.lci");
                Path decodedPng = output.resolve("lakeside.decoded.png");
                AtomicOutput.write(lci, coded);
                AtomicOutput.write(decodedPng, OutputFormats.encode(decoded, "png"));
                out.println("wrote      " + lci + ", " + decodedPng);
            }
        }
        return 0;
    }
}
