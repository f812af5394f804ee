package org.lci.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

/**
 * Converts a folder tree of JPEG, PNG and TIFF images to LCI, keeping the tree. Each output is written to a
 * hidden temporary file next to it and renamed into place, so an output either exists whole or not at all; a
 * rerun skips outputs that exist (and removes temporaries a crashed run left), so the job is idempotent and
 * resumes where a crash stopped it. A file that cannot be converted becomes a {@code failed} row of the
 * result table (path and reason); it never fails the job.
 */
public final class Transcode {
    /** Input suffixes (lower case) the job converts; everything else in the tree is left alone. */
    public static final Set<String> INPUT_SUFFIXES = Set.of("jpg", "jpeg", "png", "tif", "tiff");

    /** One row per input. {@code status}: written, skipped (output existed) or failed. */
    public static final StructType RESULT = new StructType()
            .add("input", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true)
            .add("inputBytes", DataTypes.LongType, false)
            .add("outputBytes", DataTypes.LongType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("psnr", DataTypes.DoubleType, true)
            .add("millis", DataTypes.LongType, false);

    /** Rate settings: a quality in [0, 1], or a target size in bytes per image. */
    public record Settings(Double quality, Long targetBytes) implements Serializable {
        public Settings {
            if ((quality == null) == (targetBytes == null)) {
                throw new IllegalArgumentException("transcode: expected exactly one of quality and target bytes");
            }
        }

        public static Settings quality(double q) {
            return new Settings(q, null);
        }

        public static Settings targetBytes(long bytes) {
            return new Settings(null, bytes);
        }

        EncodeOptions encodeOptions() {
            EncodeOptions.Builder b = EncodeOptions.builder();
            return (quality != null ? b.quality(quality) : b.targetBytes(targetBytes)).build();
        }
    }

    private Transcode() { }

    /**
     * Plans and runs the conversion (lazily: the rows are computed when the result is used — write it, count it
     * or collect it once).
     */
    public static Dataset<Row> run(SparkSession spark, String inputFolder, String outputFolder, Settings settings)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String inputRoot = qualified(inputFolder, conf);
        String outputRoot = qualified(outputFolder, conf);
        if (outputRoot.equals(inputRoot) || outputRoot.startsWith(inputRoot + "/")) {
            throw new IllegalArgumentException("transcode: the output folder " + outputRoot
                    + " must not lie inside the input folder " + inputRoot);
        }
        // Inputs, and for each the input that claims its output: a.jpg and a.tif both map to a.lci, and only the
        // first (by path) may write it; the others are reported as failed instead of silently skipped.
        Column path = functions.col("path");
        Column stem = functions.regexp_replace(path, "\\.[^./]+$", "");
        String images = "\\.(" + String.join("|", new java.util.TreeSet<>(INPUT_SUFFIXES)) + ")$";
        Dataset<Row> files = SparkFiles.spread(spark, SparkFiles.list(spark, inputFolder, null)
                .where(functions.lower(path).rlike(images))
                .withColumn("claimant", functions.first(path).over(Window.partitionBy(stem).orderBy(path))));
        Map<String, String> hadoop = SparkFiles.hadoopSettings(spark);
        MapPartitionsFunction<Row, Row> convert = rows -> convert(rows, inputRoot, outputRoot, settings,
                SparkFiles.hadoopConfiguration(hadoop));
        return files.mapPartitions(convert, Encoders.row(RESULT));
    }

    static String qualified(String folder, Configuration conf) throws IOException {
        Path p = new Path(folder);
        String s = p.getFileSystem(conf).makeQualified(p).toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Iterator<Row> convert(Iterator<Row> rows, String inputRoot, String outputRoot, Settings settings,
                                         Configuration conf) throws IOException {
        LciSpark.register();
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row file = rows.next();
            String input = file.getString(0); // an image by its suffix: the listing keeps only those
            String claimant = file.getString(2);
            if (!claimant.equals(input)) {
                out.add(RowFactory.create(input, outputFor(input, inputRoot, outputRoot).toString(), "failed",
                        "same output name as " + claimant + " (which converts to it): rename one of them",
                        file.getLong(1), 0L, -1, -1, null, 0L));
                continue;
            }
            out.add(convertOne(input, file.getLong(1), inputRoot, outputRoot, settings, conf));
        }
        return out.iterator();
    }

    /** {@code in/a/b.png} → {@code out/a/b.lci}: the input's place in the tree, the suffix replaced. */
    static Path outputFor(String input, String inputRoot, String outputRoot) {
        String relative = input.startsWith(inputRoot + "/") ? input.substring(inputRoot.length() + 1)
                : new Path(input).getName();
        return new Path(outputRoot, relative.substring(0, relative.lastIndexOf('.')) + ".lci");
    }

    private static Row convertOne(String input, long inputBytes, String inputRoot, String outputRoot,
                                  Settings settings, Configuration conf) throws IOException {
        long t0 = System.nanoTime();
        Path output = outputFor(input, inputRoot, outputRoot);
        FileSystem fs = output.getFileSystem(conf);
        try {
            if (fs.exists(output)) {
                return row(input, output, "skipped", null, inputBytes, fs.getFileStatus(output).getLen(), -1, -1, null, t0);
            }
            Path in = new Path(input);
            byte[] source;
            try (var stream = in.getFileSystem(conf).open(in)) {
                source = stream.readAllBytes();
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(source));
            if (image == null) {
                return row(input, output, "failed", "not an image ImageIO can read", inputBytes, 0, -1, -1, null, t0);
            }
            LciCodec codec = TaskCodec.get();
            ByteArrayOutputStream lci = new ByteArrayOutputStream();
            codec.encode(image, settings.encodeOptions(), lci, ProgressListener.NONE);
            byte[] bytes = lci.toByteArray();
            double psnr = psnr(image, codec.decode(bytes, DecodeOptions.defaults(), ProgressListener.NONE));
            String status = writeAtomically(fs, output, bytes) ? "written" : "skipped";
            return row(input, output, status, null, inputBytes, bytes.length, image.getWidth(), image.getHeight(),
                    psnr, t0);
        }
        catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return row(input, output, "failed", describe(e), inputBytes, 0, -1, -1, null, t0);
        }
    }

    /**
     * Writes to a hidden temporary file in the output's folder, then renames it into place. Temporaries a
     * crashed run left for this output are removed first.
     *
     * @return false when another writer created the output meanwhile (ours is dropped)
     */
    static boolean writeAtomically(FileSystem fs, Path output, byte[] bytes) throws IOException {
        Path parent = output.getParent();
        fs.mkdirs(parent);
        String prefix = "." + output.getName() + ".part-"; // a literal prefix: file names may hold glob characters
        for (FileStatus s : fs.listStatus(parent, p -> p.getName().startsWith(prefix))) {
            fs.delete(s.getPath(), false);
        }
        Path temp = new Path(parent, "." + output.getName() + ".part-" + UUID.randomUUID());
        try (OutputStream o = fs.create(temp, false)) {
            o.write(bytes);
        }
        if (fs.rename(temp, output)) {
            return true;
        }
        fs.delete(temp, false);
        if (fs.exists(output)) {
            return false;
        }
        throw new IOException("could not rename " + temp + " to " + output);
    }

    /** PSNR of the decoded image against the source ({@link org.lci.runtime.Psnr}), 99 for identical images. */
    static double psnr(BufferedImage a, BufferedImage b) {
        double p = org.lci.runtime.Psnr.rgb(a, b);
        return Double.isInfinite(p) ? 99.0 : p; // JSON has no infinity
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static Row row(String input, Path output, String status, String error, long inputBytes, long outputBytes,
                           int width, int height, Double psnr, long t0) {
        return RowFactory.create(input, output.toString(), status, error, inputBytes, outputBytes, width, height, psnr,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
