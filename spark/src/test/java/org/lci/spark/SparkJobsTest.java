package org.lci.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;
import org.lci.imageio.LciImageReaderSpi;
import org.lci.imageio.LciImageWriterSpi;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ProgressListener;

/** Spark 4 in local mode: the image data source reads .lci, thumbnails from prefixes, and the transcoding job. */
class SparkJobsTest {
    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("lci-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static BufferedImage picture(int w, int h, int seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (40 + (x * 3 + seed) % 180) << 16 | (60 + (y * 2 + seed) % 160) << 8 | (100 + seed % 100));
            }
        }
        return image;
    }

    static byte[] lci(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LciCodec.shared().encode(image, EncodeOptions.builder().quality(0.8).build(), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    @Test
    void imageDataSourceReadsLci() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("read"));
        Files.write(folder.resolve("a.lci"), lci(picture(96, 64, 1)));
        Files.write(folder.resolve("b.lci"), lci(picture(50, 70, 2)));
        Files.write(folder.resolve("junk.lci"), new byte[] {1, 2, 3});
        List<Row> rows = spark.read().format("image").option("dropInvalid", "true").load(folder.toString())
                .select("image.origin", "image.width", "image.height", "image.nChannels", "image.data")
                .orderBy("origin").collectAsList();
        assertThat(rows).hasSize(2); // junk.lci is dropped as invalid
        Row a = rows.get(0);
        assertThat(a.getString(0)).endsWith("a.lci");
        assertThat(a.getInt(1)).isEqualTo(96);
        assertThat(a.getInt(2)).isEqualTo(64);
        assertThat(a.getInt(3)).isEqualTo(3);
        BufferedImage direct = ImageIO.read(folder.resolve("a.lci").toFile());
        byte[] data = a.getAs(4);
        int rgb = direct.getRGB(10, 20);
        int i = (20 * 96 + 10) * 3; // Spark's image schema: BGR, row-major
        assertThat(new int[] {data[i] & 255, data[i + 1] & 255, data[i + 2] & 255})
                .containsExactly(rgb & 255, rgb >> 8 & 255, rgb >> 16 & 255);
    }

    @Test
    void executorPluginRegistersTheReaderWhereImageIoScannedWithoutIt() throws Exception {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        Path file = dir.resolve("plugin.lci");
        Files.write(file, lci(picture(32, 32, 3)));
        try {
            registry.deregisterServiceProvider(registry.getServiceProviderByClass(LciImageReaderSpi.class));
            registry.deregisterServiceProvider(registry.getServiceProviderByClass(LciImageWriterSpi.class));
            assertThat(LciSpark.isRegistered()).isFalse();
            assertThat(ImageIO.read(file.toFile())).as("ImageIO without the plugin").isNull();
            new LciSparkPlugin().executorPlugin().init(null, Map.of());
            assertThat(LciSpark.isRegistered()).isTrue();
            assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(32);
        }
        finally {
            LciSpark.register();
        }
    }

    @Test
    void thumbnailsReadOnlyTheTierPrefix() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("thumbs"));
        byte[] big = lci(picture(640, 480, 4));
        Files.write(folder.resolve("big.lci"), big);
        Files.createDirectories(folder.resolve("sub"));
        Files.write(folder.resolve("sub/small.lci"), lci(picture(120, 90, 5)));
        Files.write(folder.resolve("sub/broken.lci"), new byte[100]);
        Map<String, Row> rows = Thumbnails.fromPrefixes(spark, folder.toString(), 2).collectAsList().stream()
                .collect(Collectors.toMap(r -> new File(r.getString(0)).getName(), r -> r));
        assertThat(rows).containsOnlyKeys("big.lci", "small.lci", "broken.lci");
        Row b = rows.get("big.lci");
        assertThat(b.getInt(2)).isEqualTo(160);
        assertThat(b.getInt(3)).isEqualTo(120);
        assertThat(b.getLong(5)).isEqualTo(big.length);
        long prefix;
        try (LciReader r = LciReader.open(RandomAccessSource.of(big))) {
            prefix = r.tierPrefixLength(2);
        }
        // The tier's prefix, plus the header and tile index read a second time (for the info, then the decode).
        assertThat(b.getLong(4)).as("bytes read for tier 2").isLessThanOrEqualTo(prefix + 512)
                .isLessThan(big.length * 3 / 4);
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(b.getAs(6)));
        assertThat(thumb.getWidth()).isEqualTo(160);
        assertThat(rows.get("small.lci").getInt(2)).isEqualTo(30);
        assertThat(rows.get("broken.lci").getInt(2)).isEqualTo(-1);
        assertThat(rows.get("broken.lci").getString(7)).isNotBlank();
    }

    @Test
    void transcodeIsAtomicIdempotentAndResumesAfterACrash() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.createDirectories(in.resolve("a/deep"));
        Files.createDirectories(in.resolve("b"));
        ImageIO.write(picture(96, 64, 6), "png", in.resolve("a/one.png").toFile());
        ImageIO.write(picture(80, 80, 7), "jpg", in.resolve("a/deep/two.JPG").toFile());
        ImageIO.write(picture(64, 48, 8), "tiff", in.resolve("b/three.tif").toFile());
        Files.write(in.resolve("b/broken.png"), "not a png".getBytes());
        Files.write(in.resolve("notes.txt"), "ignored".getBytes());
        ImageIO.write(picture(32, 32, 9), "png", in.resolve("b/twin.png").toFile());
        ImageIO.write(picture(32, 32, 10), "tiff", in.resolve("b/twin.tiff").toFile()); // same output b/twin.lci
        Path out = dir.resolve("out");
        // The state a crashed run leaves: one output finished, one temporary file half written.
        Files.createDirectories(out.resolve("b"));
        byte[] earlier = lci(picture(64, 48, 8));
        Files.write(out.resolve("b/three.lci"), earlier);
        Files.createDirectories(out.resolve("a"));
        Files.write(out.resolve("a/.one.lci.part-crashed"), new byte[] {1, 2});

        Map<String, Row> first = results(Transcode.run(spark, in.toString(), out.toString(),
                Transcode.Settings.quality(0.7)).collectAsList());
        assertThat(first).containsOnlyKeys("one.png", "two.JPG", "three.tif", "broken.png", "twin.png", "twin.tiff");
        assertThat(first.get("twin.png").getString(2)).as("the first by path claims b/twin.lci").isEqualTo("written");
        assertThat(first.get("twin.tiff").getString(2)).isEqualTo("failed");
        assertThat(first.get("twin.tiff").getString(3)).contains("same output name as").contains("twin.png");
        assertThat(first.get("one.png").getString(2)).isEqualTo("written");
        assertThat(first.get("two.JPG").getString(2)).isEqualTo("written");
        assertThat(first.get("three.tif").getString(2)).as("finished before the crash").isEqualTo("skipped");
        assertThat(first.get("broken.png").getString(2)).isEqualTo("failed");
        assertThat(first.get("broken.png").getString(3)).contains("not an image");
        assertThat(first.get("one.png").getDouble(8)).as("PSNR").isGreaterThan(25);
        assertThat(first.get("one.png").getLong(5)).isEqualTo(Files.size(out.resolve("a/one.lci")));
        assertThat(out.resolve("a/deep/two.lci")).exists();
        assertThat(Files.readAllBytes(out.resolve("b/three.lci"))).isEqualTo(earlier);
        assertThat(ImageIO.read(out.resolve("a/one.lci").toFile()).getWidth()).isEqualTo(96);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part-"));
        }

        FileTime before = Files.getLastModifiedTime(out.resolve("a/one.lci"));
        Map<String, Row> second = results(Transcode.run(spark, in.toString(), out.toString(),
                Transcode.Settings.quality(0.7)).collectAsList());
        assertThat(second.values()).allMatch(r -> r.getString(2).equals(r.getString(0).endsWith("broken.png")
                || r.getString(0).endsWith("twin.tiff") ? "failed" : "skipped"));
        assertThat(Files.getLastModifiedTime(out.resolve("a/one.lci"))).isEqualTo(before);
        assertThat(TranscodeJob.summary(Transcode.run(spark, in.toString(), out.toString(),
                Transcode.Settings.quality(0.7)), 1)).startsWith("0 written, 4 skipped, 2 failed");
    }

    static Map<String, Row> results(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> new File(r.getString(0)).getName(), r -> r));
    }
}
