package org.lci.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;

/**
 * Thumbnails of every {@code .lci} file under a folder, each decoded from the byte prefix its tier needs: the
 * files are listed without reading them, then each task reads the header, the tile index and the tier's
 * segments with positioned reads — for the coarsest tier a fraction of the file (the {@code bytesRead} and
 * {@code fileBytes} columns say how much).
 */
public final class Thumbnails {
    /** One row per file; on failure {@code width} is -1 and {@code error} says why. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("tier", DataTypes.IntegerType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("bytesRead", DataTypes.LongType, false)
            .add("fileBytes", DataTypes.LongType, false)
            .add("png", DataTypes.BinaryType, true)
            .add("error", DataTypes.StringType, true);

    private Thumbnails() { }

    /**
     * @param tier the tier to decode (the coarsest the file has when it has fewer)
     */
    public static Dataset<Row> fromPrefixes(SparkSession spark, String folder, int tier) {
        Dataset<Row> files = SparkFiles.spread(spark, SparkFiles.list(spark, folder, "*.lci"));
        java.util.Map<String, String> hadoop = SparkFiles.hadoopSettings(spark);
        MapPartitionsFunction<Row, Row> decode = rows -> thumbnails(rows, tier, SparkFiles.hadoopConfiguration(hadoop));
        return files.mapPartitions(decode, Encoders.row(SCHEMA));
    }

    private static Iterator<Row> thumbnails(Iterator<Row> rows, int tier, Configuration conf) {
        LciSpark.register();
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row file = rows.next();
            String path = file.getString(0);
            long length = file.getLong(1);
            try (HadoopSource source = HadoopSource.open(path, conf)) {
                LciCodec codec = TaskCodec.get();
                LciInfo info = codec.readInfo(source);
                int k = Math.min(tier, info.tierCount() - 1);
                BufferedImage image = codec.decode(source, DecodeOptions.tier(k), ProgressListener.NONE);
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                out.add(RowFactory.create(path, k, image.getWidth(), image.getHeight(), source.bytesRead(), length,
                        png.toByteArray(), null));
            }
            catch (Exception e) {
                out.add(RowFactory.create(path, tier, -1, -1, 0L, length, null, Transcode.describe(e)));
            }
        }
        return out.iterator();
    }
}
