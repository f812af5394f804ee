package org.lci.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the LCI jobs share: listing files without reading them, spreading them over tasks, Hadoop settings. */
final class SparkFiles {
    private SparkFiles() { }

    /**
     * {@code path} and {@code length} of every file under {@code folder} (any depth) whose name matches {@code glob}
     * (null: all); the {@code binaryFile} source reads no content when the content column is not selected.
     */
    static Dataset<Row> list(SparkSession spark, String folder, String glob) {
        var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
        if (glob != null) {
            reader = reader.option("pathGlobFilter", glob);
        }
        return reader.load(folder).select("path", "length");
    }

    /**
     * The file source packs files into partitions by bytes (128 MB each): a few big partitions would leave cores idle
     * while the last one runs. Spread the (tiny) list rows instead: four tasks per core.
     */
    static Dataset<Row> spread(SparkSession spark, Dataset<Row> files) {
        return files.repartition(Math.max(1, spark.sparkContext().defaultParallelism() * 4));
    }

    /**
     * The job's Hadoop settings (spark.hadoop.*, core-site.xml: S3A credentials, fs.defaultFS...) as a plain map, so
     * tasks on executors use the same file systems as the driver; {@code new Configuration()} there would not.
     */
    static Map<String, String> hadoopSettings(SparkSession spark) {
        Map<String, String> settings = new HashMap<>();
        for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
            settings.put(e.getKey(), e.getValue());
        }
        return settings;
    }

    static Configuration hadoopConfiguration(Map<String, String> settings) {
        Configuration conf = new Configuration(false);
        settings.forEach(conf::set);
        return conf;
    }
}
