package org.lci.cli;

import com.google.gson.GsonBuilder;
import org.lci.format.ChannelLayout;
import org.lci.format.ChunkHead;
import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.TileGrid;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackInfo;
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

    /** Everything {@code info} reports, from one parse of the file (one {@link LciReader}); runs no model. */
    static Map<String, Object> describe(LciCodec codec, String name, byte[] file) throws IOException {
        try (LciReader reader = LciReader.open(RandomAccessSource.of(file), codec.options().limits())) {
            LciHeader header = reader.header();
            TileGrid grid = reader.tileGrid();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", name);
            report.put("bytes", file.length);
            report.put("formatVersion", LciHeader.VERSION); // the reader accepts no other
            report.put("width", header.width());
            report.put("height", header.height());
            report.put("channels", header.channelLayout() == ChannelLayout.GRAY ? "gray" : "RGB");
            report.put("alpha", header.channelLayout().hasAlpha());
            report.put("quality", Math.round(header.q16() / 65535.0 * 10000) / 10000.0);
            report.put("q16", header.q16());
            report.put("bpp", Math.round(Quality.bpp(file.length, header.width(), header.height()) * 10000) / 10000.0);

            Map<String, Object> tiles = new LinkedHashMap<>();
            tiles.put("size", grid.tileSize());
            tiles.put("overlap", grid.overlap());
            tiles.put("columns", grid.columns());
            tiles.put("rows", grid.rows());
            tiles.put("count", grid.tileCount());
            report.put("tiles", tiles);

            ModelPackInfo pack = installedPack(codec, header.packDigestPrefixHex());
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("digest", header.packDigestPrefixHex());
            model.put("installed", pack != null);
            model.put("name", pack == null ? null : pack.name());
            model.put("version", pack == null ? null : pack.version());
            report.put("model", model);

            List<Map<String, Object>> tiers = new ArrayList<>();
            for (int k = 0; k < header.tierCount(); k++) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("tier", k);
                t.put("width", header.tierWidth(k));
                t.put("height", header.tierHeight(k));
                t.put("bytes", reader.tierCodedBytes(k));
                t.put("prefixBytes", reader.tierPrefixLength(k));
                tiers.add(t);
            }
            report.put("tiers", tiers);

            List<Map<String, Object>> chunks = new ArrayList<>();
            for (ChunkHead chunk : reader.chunkHeads()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("type", chunk.type());
                c.put("offset", chunk.offset());
                c.put("length", chunk.length());
                chunks.add(c);
            }
            report.put("chunks", chunks);

            Map<String, Object> side = new LinkedHashMap<>();
            side.put("iccBytes", reader.iccProfile().map(b -> b.length).orElse(null));
            side.put("exifBytes", reader.exif().map(b -> b.length).orElse(null));
            side.put("xmpBytes", reader.xmp().map(b -> b.length).orElse(null));
            report.put("metadata", side);

            report.put("checksums", checksums(reader));
            return report;
        }
    }

    /** The installed pack a header names, or null (decoding would then fail). */
    private static ModelPackInfo installedPack(LciCodec codec, String digestPrefix) {
        try {
            return codec.registry().find(digestPrefix);
        }
        catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "ok", or what the first failing CRC check says. */
    private static String checksums(LciReader reader) {
        try {
            reader.verifyAll();
            return "ok";
        }
        catch (IOException | RuntimeException e) {
            return "failed: " + Messages.describe(e);
        }
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
