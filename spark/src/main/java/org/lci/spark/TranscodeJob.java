package org.lci.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code spark-submit --class org.lci.spark.TranscodeJob lci-spark.jar INPUT OUTPUT (--quality Q | --target-bytes N)
 * [--report DIR]}: converts the JPEG/PNG/TIFF tree under INPUT to LCI under OUTPUT (see {@link Transcode}),
 * writes the per-file result table as JSON lines to DIR (default OUTPUT/_lci_report) and prints a summary.
 * Exit code 0 even when some files failed: they are rows of the report.
 */
public final class TranscodeJob {
    private TranscodeJob() { }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: TranscodeJob INPUT OUTPUT (--quality Q | --target-bytes N) [--report DIR]");
            System.exit(2);
        }
        String input = args[0];
        String output = args[1];
        Transcode.Settings settings = null;
        String report = output + "/_lci_report";
        if ((args.length - 2) % 2 != 0) {
            System.err.println("TranscodeJob: option " + args[args.length - 1] + " has no value");
            System.exit(2);
        }
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--quality" -> settings = Transcode.Settings.quality(Double.parseDouble(args[i + 1]));
                case "--target-bytes" -> settings = Transcode.Settings.targetBytes(Long.parseLong(args[i + 1]));
                case "--report" -> report = args[i + 1];
                default -> {
                    System.err.println("TranscodeJob: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (settings == null) {
            System.err.println("TranscodeJob: give --quality Q (0..1) or --target-bytes N");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("lci-transcode").getOrCreate();
        try {
            long t0 = System.nanoTime();
            Dataset<Row> results = Transcode.run(spark, input, output, settings).cache();
            results.write().mode(SaveMode.Overwrite).json(report);
            System.out.println(summary(results, (System.nanoTime() - t0) / 1e9) + "; report: " + report);
        }
        finally {
            spark.stop();
        }
    }

    /** "N written, N skipped, N failed; bytes in → out; mean PSNR; images/s". */
    public static String summary(Dataset<Row> results, double seconds) {
        List<Row> byStatus = results.groupBy("status").agg(functions.count("*"), functions.sum("inputBytes"),
                functions.sum("outputBytes"), functions.avg("psnr")).collectAsList();
        long written = 0;
        long skipped = 0;
        long failed = 0;
        long in = 0;
        long out = 0;
        double psnr = Double.NaN;
        for (Row r : byStatus) {
            long n = r.getLong(1);
            switch (r.getString(0)) {
                case "written" -> {
                    written = n;
                    in = r.getLong(2);
                    out = r.getLong(3);
                    psnr = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
                }
                case "skipped" -> skipped = n;
                default -> failed = n;
            }
        }
        return String.format(java.util.Locale.ROOT, "%d written, %d skipped, %d failed; %d -> %d bytes written;"
                + " mean PSNR %.2f dB; %.2f images/s", written, skipped, failed, in, out, psnr, written / seconds);
    }
}
