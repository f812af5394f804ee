import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: C clients, each requesting the next path of its own shuffled copy of the list as soon as
 * the previous answer is in, for S seconds. Prints requests/s, latency percentiles and the statuses seen.
 * Redirects are followed (the final status counts). Run as a source file: java bench/iiif/LoadBench.java BASE_URL PATHS_FILE CLIENTS SECONDS LABEL
 */
public class LoadBench {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        int clients = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        String label = args.length > 4 ? args[4] : base;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL) // Hymir redirects to canonical URIs
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<String> mine = new ArrayList<>(paths);
            Collections.shuffle(mine, new Random(c));
            Thread t = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    String path = mine.get(i++ % mine.size());
                    long t0 = System.nanoTime();
                    String status;
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        status = Integer.toString(r.statusCode());
                        bytes.addAndGet(r.body().length);
                    }
                    catch (IOException e) {
                        status = "io:" + e.getClass().getSimpleName();
                    }
                    catch (InterruptedException e) {
                        return;
                    }
                    latencies.add(System.nanoTime() - t0);
                    statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long ok = statuses.getOrDefault("200", new AtomicLong()).get();
        long errors = sorted.size() - ok;
        System.out.printf("%s: %d clients, %d s: %d requests, %.1f req/s, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms,"
                        + " errors %d, %.1f MB out, statuses %s%n", label, clients, seconds, sorted.size(),
                sorted.size() / (double) seconds, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), errors,
                bytes.get() / 1e6, new TreeMap<>(statuses));
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }
}
