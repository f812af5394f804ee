import java.awt.Rectangle;
import java.io.File;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lci.format.RandomAccessSource;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ProgressListener;

/**
 * Soak: T threads decode random tiers and regions of the .lci files in a folder for M minutes, half through the
 * runtime (one shared codec, 2 tile threads per call) and half through ImageIO (a reader per request, as a
 * server does). Every S seconds prints RSS, direct-buffer memory and heap; both must stay flat.
 *   java -XX:MaxDirectMemorySize=256m -cp cli/target/lci.jar bench/soak/Soak.java DIR THREADS MINUTES SECONDS
 */
public class Soak {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (var s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".lci")).sorted().toList();
        }
        int threads = Integer.parseInt(args[1]);
        double minutes = Double.parseDouble(args[2]);
        int every = Integer.parseInt(args[3]);
        LciCodec codec = LciCodec.create(CodecOptions.builder().intraOpThreads(1).tileThreads(2).build());
        AtomicLong decodes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int seed = t;
            pool.submit(() -> {
                Random rnd = new Random(seed);
                while (System.nanoTime() < end) {
                    Path file = files.get(rnd.nextInt(files.size()));
                    try {
                        if (rnd.nextBoolean()) {
                            try (RandomAccessSource src = RandomAccessSource.open(file)) {
                                LciInfo info = codec.readInfo(src);
                                int tier = rnd.nextInt(info.tierCount());
                                int x = rnd.nextInt(info.width() / 2);
                                int y = rnd.nextInt(info.height() / 2);
                                codec.decode(src, DecodeOptions.tier(tier).withRegion(new Rectangle(x, y,
                                        1 + rnd.nextInt(info.width() - x), 1 + rnd.nextInt(info.height() - y))),
                                        ProgressListener.NONE);
                            }
                        }
                        else {
                            ImageReader reader = ImageIO.getImageReadersByFormatName("lci").next();
                            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                                reader.setInput(in);
                                int image = rnd.nextInt(reader.getNumImages(true));
                                ImageReadParam p = reader.getDefaultReadParam();
                                int w = reader.getWidth(image);
                                int h = reader.getHeight(image);
                                p.setSourceRegion(new Rectangle(rnd.nextInt(w / 2), rnd.nextInt(h / 2), w / 2, h / 2));
                                reader.read(image, p);
                            }
                            finally {
                                reader.dispose();
                            }
                        }
                        decodes.incrementAndGet();
                    }
                    catch (Exception | OutOfMemoryError e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("failure: " + e);
                        }
                    }
                }
            });
        }
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        System.out.println("seconds,decodes,rss_mb,direct_mb,direct_buffers,heap_used_mb");
        long t0 = System.nanoTime();
        List<String> rows = new ArrayList<>();
        while (!pool.awaitTermination(every, TimeUnit.SECONDS)) {
            String row = String.format("%d,%d,%d,%.1f,%d,%d", (System.nanoTime() - t0) / 1_000_000_000L, decodes.get(),
                    rss() / 1024, direct.getMemoryUsed() / 1048576.0, direct.getCount(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            rows.add(row);
            System.out.println(row);
            if (System.nanoTime() > end) {
                pool.shutdown();
            }
        }
        codec.close();
        System.out.println("done: " + decodes.get() + " decodes, " + failures.get() + " failures");
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(new File("/proc/self/status").toPath())) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
