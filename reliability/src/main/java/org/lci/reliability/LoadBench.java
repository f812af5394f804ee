package org.lci.reliability;

import org.lci.runtime.LciCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full load run: one codec and model pack (the tiny test pack) shared by 1, 2, 4 and 8 threads, each running
 * {@code --ops} mixed encodes/decodes (default 200), every result checked bit for bit against a single-threaded run.
 * Prints throughput (images/s) per thread count and the process's resident memory (VmRSS, sampled every 50 ms): a
 * leak of native ONNX Runtime tensors shows as RSS growing from one round to the next.
 * <p>
 * Run: {@code mvn -q -B -pl reliability -am install -DskipTests && mvn -q -B -pl reliability exec:exec@load}
 * ({@code -Dload.args="--threads 1,2,4,8 --ops 200 --rounds 2"}). Exit code 1 when any result differs or fails.
 */
public final class LoadBench {
    private LoadBench() { }

    public static void main(String[] args) throws Exception {
        int[] threads = {1, 2, 4, 8};
        int ops = 200;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--ops" -> ops = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --threads 1,2,4,8 --ops 200 --rounds 2)");
            }
        }
        System.out.printf(Locale.ROOT, "LCI load bench: %d CPUs, Java %s, pack %s, %d ops per thread, %d round(s)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Fixtures.tinyPack().getFileName(),
                ops, rounds);
        RssSampler rss = new RssSampler();
        rss.start();
        boolean ok = true;
        try (LciCodec codec = Fixtures.newTinyCodec(1)) {
            MixedWorkload w = new MixedWorkload(codec).reference();
            w.run(2, 2 * w.distinctOps()); // warm-up: sessions, JIT, allocator pools
            long warm = RssSampler.vmRssKb();
            System.out.printf(Locale.ROOT, "after warm-up: VmRSS %d MiB%n", warm / 1024);
            System.out.println("round threads   ops  seconds  images/s  problems  VmRSS-after(MiB)  VmRSS-peak(MiB)");
            for (int round = 1; round <= rounds; round++) {
                for (int t : threads) {
                    rss.resetPeak();
                    MixedWorkload.Result r = w.run(t, ops);
                    System.gc();
                    long after = RssSampler.vmRssKb();
                    System.out.printf(Locale.ROOT, "%5d %7d %5d %8.2f %9.1f %9d %17d %16d%n", round, t, r.ops(),
                            r.nanos() / 1e9, r.imagesPerSecond(), r.problems().size(), after / 1024, rss.peakKb() / 1024);
                    if (!r.problems().isEmpty()) {
                        ok = false;
                        r.problems().stream().limit(10).forEach(p -> System.out.println("  PROBLEM " + p));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "VmRSS growth from warm-up to end: %+d MiB%n",
                    (RssSampler.vmRssKb() - warm) / 1024);
        }
        finally {
            rss.interrupt();
        }
        System.out.println(ok ? "all results identical to the single-threaded run" : "FAILED: see PROBLEM lines");
        System.exit(ok ? 0 : 1);
    }

    /** Samples VmRSS from /proc/self/status (Linux; -1 elsewhere). */
    static final class RssSampler extends Thread {
        private volatile long peak;

        RssSampler() {
            super("rss-sampler");
            setDaemon(true);
        }

        void resetPeak() {
            peak = vmRssKb();
        }

        long peakKb() {
            return Math.max(peak, vmRssKb());
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, vmRssKb());
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }

        static long vmRssKb() {
            try {
                List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/self/status")));
                for (String l : lines) {
                    if (l.startsWith("VmRSS:")) {
                        return Long.parseLong(l.replaceAll("[^0-9]", ""));
                    }
                }
            }
            catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
