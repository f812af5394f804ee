package org.lci.cli;

import com.google.gson.GsonBuilder;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.imageio.LciFileInfo;
import org.lci.imageio.LciImageReader;
import org.lci.runtime.ImageMetadata;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = LciCommand.Version.class,
        description = {"Show what a .lci file holds: header, tiers with byte sizes, tiles, model, chunks, "
                + "metadata and checksum status. Runs no model."})
final class InfoCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    LciCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN", description = ".lci files, folders, or - for standard input.")
    List<String> inputs;

    @Option(names = "--json", description = "Print JSON (one object, or an array for several files).")
    boolean json;

    @Mixin
    CodecSettings codecSettings;

    @Override
    public Integer call() throws IOException {
        List<Job> jobs = JobPlan.plan(spec.commandLine(), inputs, null, ".lci", f -> JobPlan.suffixOf(f).equals("lci"));
        Streams streams = parent.streams();
        List<Map<String, Object>> reports = new ArrayList<>();
        int failures = 0;
        try (LciCodec codec = codecSettings.open()) {
            for (Job job : jobs) {
                try {
                    Map<String, Object> report = describe(codec, job.inputName(), job.readLciInput(streams.in()));
                    if (!"ok".equals(report.get("checksums"))) {
                        failures++;
                    }
                    reports.add(report);
                    if (!json) {
                        printText(report, streams.out());
                    }
                }
                catch (IOException | RuntimeException e) {
                    streams.err().println("lci: info " + job.inputName() + ": " + Messages.describe(e));
                    failures++;
                }
            }
        }
        if (json) {
            Object document = inputs.size() == 1 && jobs.size() == 1 ? (reports.isEmpty() ? null : reports.get(0)) : reports;
            if (document != null) {
                streams.out().println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(document));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    static Map<String, Object> describe(LciCodec codec, String name, byte[] file) throws IOException {
        LciInfo info = codec.readInfo(file);
        LciFileInfo fileInfo;
        LciImageReader reader = Plugin.reader(codec, file);
        try {
            fileInfo = reader.getFileInfo(0);
        }
        finally {
            reader.dispose();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", name);
        report.put("bytes", file.length);
        report.put("formatVersion", fileInfo.formatVersion());
        report.put("width", info.width());
        report.put("height", info.height());
        report.put("channels", info.grayscale() ? "gray" : "RGB");
        report.put("alpha", info.alpha());
        report.put("quality", Math.round(info.q16() / 65535.0 * 10000) / 10000.0);
        report.put("q16", info.q16());
        report.put("bpp", Math.round(Quality.bpp(file.length, info.width(), info.height()) * 10000) / 10000.0);

        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("size", info.tileSize());
        tiles.put("overlap", info.overlap());
        tiles.put("columns", info.tileColumns());
        tiles.put("rows", info.tileRows());
        tiles.put("count", info.tileCount());
        report.put("tiles", tiles);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("digest", info.packDigestPrefix());
        model.put("installed", fileInfo.modelName() != null);
        model.put("name", fileInfo.modelName());
        model.put("version", fileInfo.modelVersion());
        report.put("model", model);

        List<Map<String, Object>> tiers = new ArrayList<>();
        for (LciFileInfo.Tier tier : fileInfo.tiers()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tier", tier.tier());
            t.put("width", tier.width());
            t.put("height", tier.height());
            t.put("bytes", tier.bytes());
            t.put("prefixBytes", tier.prefixBytes());
            tiers.add(t);
        }
        report.put("tiers", tiers);

        List<Map<String, Object>> chunks = new ArrayList<>();
        for (ChunkTable.Entry chunk : ChunkTable.of(file)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", chunk.type());
            c.put("offset", chunk.offset());
            c.put("length", chunk.length());
            chunks.add(c);
        }
        report.put("chunks", chunks);

        ImageMetadata metadata = info.metadata();
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("iccBytes", length(metadata.icc()));
        side.put("exifBytes", length(metadata.exif()));
        side.put("xmpBytes", length(metadata.xmp()));
        report.put("metadata", side);

        report.put("checksums", checksums(file));
        return report;
    }

    /** "ok", or what the first failing CRC check says. */
    private static String checksums(byte[] file) {
        try (LciReader reader = LciReader.open(RandomAccessSource.of(file))) {
            reader.verifyAll();
            return "ok";
        }
        catch (IOException | RuntimeException e) {
            return "failed: " + Messages.describe(e);
        }
    }

    private static Integer length(byte[] bytes) {
        return bytes == null ? null : bytes.length;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> r, PrintStream out) {
        Map<String, Object> tiles = (Map<String, Object>) r.get("tiles");
        Map<String, Object> model = (Map<String, Object>) r.get("model");
        Map<String, Object> side = (Map<String, Object>) r.get("metadata");
        out.printf(Locale.ROOT, "%s: LCI v%s, %sx%s %s%s, %s bytes (%.4f bpp)%n", r.get("file"), r.get("formatVersion"),
                r.get("width"), r.get("height"), r.get("channels"), (Boolean) r.get("alpha") ? "+alpha" : "",
                r.get("bytes"), (Double) r.get("bpp"));
        out.printf(Locale.ROOT, "  quality   %.4f (q16 %s)%n", (Double) r.get("quality"), r.get("q16"));
        out.printf(Locale.ROOT, "  tiles     %s x %s = %s, size %s, overlap %s%n", tiles.get("columns"),
                tiles.get("rows"), tiles.get("count"), tiles.get("size"), tiles.get("overlap"));
        out.printf(Locale.ROOT, "  model     %s%n", (Boolean) model.get("installed")
                ? model.get("name") + " " + model.get("version") + " (digest " + model.get("digest") + ")"
                : "not installed (digest " + model.get("digest") + "): the file cannot be decoded here");
        for (Map<String, Object> tier : (List<Map<String, Object>>) r.get("tiers")) {
            out.printf(Locale.ROOT, "  tier %s    %sx%s, %s bytes, file prefix %s bytes%n", tier.get("tier"),
                    tier.get("width"), tier.get("height"), tier.get("bytes"), tier.get("prefixBytes"));
        }
        for (Map<String, Object> chunk : (List<Map<String, Object>>) r.get("chunks")) {
            out.printf(Locale.ROOT, "  chunk     %-4s at %s, %s bytes%n", chunk.get("type"), chunk.get("offset"),
                    chunk.get("length"));
        }
        out.printf(Locale.ROOT, "  metadata  ICC %s, EXIF %s, XMP %s%n", bytesOrNone(side.get("iccBytes")),
                bytesOrNone(side.get("exifBytes")), bytesOrNone(side.get("xmpBytes")));
        out.printf(Locale.ROOT, "  checksums %s%n", r.get("checksums"));
    }

    private static String bytesOrNone(Object length) {
        return length == null ? "none" : length + " bytes";
    }
}
