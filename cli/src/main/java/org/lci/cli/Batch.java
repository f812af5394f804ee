package org.lci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command's jobs, {@code -j} at a time on one shared codec: one bad file never stops the others; each
 * failure is reported as {@code lci: VERB FILE: reason}; a summary line gives counts, bytes in and out and
 * throughput; the exit code says whether some failed (1) or were degraded (3).
 */
final class Batch {

    /** What one job did. */
    enum Status { DONE, DEGRADED }

    /** One job's result: bytes read and written. */
    record Outcome(Status status, long bytesIn, long bytesOut) { }

    interface Action {
        Outcome run(Job job) throws IOException;
    }

    /** Flags every batch command shares. */
    record Settings(int jobs, boolean quiet, boolean skipExisting, boolean noOverwrite) {
        Settings {
            if (jobs < 1) {
                throw new IllegalArgumentException("-j: expected 1 or more, found " + jobs);
            }
            if (skipExisting && noOverwrite) {
                throw new IllegalArgumentException("--skip-existing and --no-overwrite exclude each other");
            }
        }
    }

    private final String verb;
    private final Settings settings;
    private final Streams streams;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger degraded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    Batch(String verb, Settings settings, Streams streams) {
        this.verb = verb;
        this.settings = settings;
        this.streams = streams;
    }

    /** Runs every job; returns the exit code. {@code ignored}: files of the folders that were not taken. */
    int run(List<Job> jobs, int ignored, Action action) {
        long start = System.nanoTime();
        if (settings.jobs() == 1 || jobs.size() == 1) {
            for (Job job : jobs) {
                one(job, action);
            }
        }
        else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.jobs(), jobs.size()), r -> {
                Thread t = new Thread(r, "lci-batch");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Job job : jobs) {
                    futures.add(pool.submit(() -> one(job, action)));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    }
                    catch (ExecutionException e) {               // one() catches everything; defensive
                        failed.incrementAndGet();
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            finally {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!settings.quiet() && (jobs.size() > 1 || ignored > 0 || skipped.get() > 0)) {
            int total = jobs.size();
            streams.err().printf(Locale.ROOT, "lci %s: %d file%s: %d done, %d failed, %d skipped%s%s; %s in, %s out; "
                            + "%.1f files/s (%.1f s)%n", verb, total, total == 1 ? "" : "s", done.get() + degraded.get(),
                    failed.get(), skipped.get(), degraded.get() > 0 ? ", " + degraded.get() + " degraded" : "",
                    ignored > 0 ? ", " + ignored + " ignored (not " + (verb.equals("encode") ? "images" : ".lci") + ")" : "",
                    size(bytesIn.get()), size(bytesOut.get()), (done.get() + degraded.get()) / Math.max(seconds, 1e-9),
                    seconds);
        }
        return failed.get() > 0 ? 1 : degraded.get() > 0 ? 3 : 0;
    }

    private void one(Job job, Action action) {
        if (Shutdown.stopping()) {
            return;                                  // a signal is stopping the process: start nothing new
        }
        try {
            if (job.output() != null && Files.exists(job.output(), LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(job.output())) {
                if (settings.skipExisting()) {
                    skipped.incrementAndGet();
                    return;
                }
                if (settings.noOverwrite()) {
                    throw new IOException(job.output() + " already exists (--no-overwrite)");
                }
            }
            Outcome o = action.run(job);
            (o.status() == Status.DONE ? done : degraded).incrementAndGet();
            bytesIn.addAndGet(o.bytesIn());
            bytesOut.addAndGet(o.bytesOut());
        }
        catch (IOException | RuntimeException | OutOfMemoryError e) {
            failed.incrementAndGet();
            streams.err().println("lci: " + verb + " " + job.inputName() + ": " + (e instanceof OutOfMemoryError
                    ? "out of memory (the image is too large for this JVM's -Xmx)" : Messages.describe(e)));
        }
    }

    static String size(long bytes) {
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
