package org.lci.runtime.entropy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one codec lends to a single tile's entropy-parameter layers ({@link IntLayer},
 * {@link ConvLayer}): {@link #forEach} splits independent work into slices, the calling thread computes one and
 * {@code threads − 1} pool threads the others (each slice writes its own outputs: any split gives the same result). The pool is the codec's, bounded by its options, and runs
 * only leaf work (slices never wait on other slices), so callers waiting on it cannot deadlock.
 */
public final class LayerThreads implements AutoCloseable {

    /** No helper threads: everything on the calling thread. */
    public static final LayerThreads NONE = new LayerThreads(1);

    /** Below this many multiply-adds a layer is not split. */
    private static final long SPLIT_WORK = 4_000_000;

    private final int threads;
    private final long splitWork;
    private volatile ExecutorService pool;
    private volatile boolean closed;

    public LayerThreads(int threads) {
        this(threads, SPLIT_WORK);
    }

    /** Tests: split layers from {@code splitWork} multiply-adds on. */
    LayerThreads(int threads, long splitWork) {
        if (threads < 1) {
            throw new IllegalArgumentException("layer threads: expected at least 1, found " + threads);
        }
        this.threads = threads;
        this.splitWork = splitWork;
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every index in [0, count), split into contiguous slices over the calling thread and
     * up to {@code threads − 1} pool threads when {@code work} (an estimate of the multiply-adds) is large enough.
     * The bodies must be independent (each writes its own outputs), so the split cannot change the result.
     */
    public void forEach(int count, long work, java.util.function.IntConsumer body) {
        int n = Math.min(threads, count);
        ExecutorService p = n > 1 && work >= splitWork ? pool() : null;
        if (p == null) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        List<CompletableFuture<Void>> slices = new ArrayList<>();
        for (int s = 1; s < n; s++) {
            int from = count * s / n;
            int to = count * (s + 1) / n;
            Runnable slice = () -> {
                for (int i = from; i < to; i++) {
                    body.accept(i);
                }
            };
            try {
                slices.add(CompletableFuture.runAsync(slice, p));
            } catch (java.util.concurrent.RejectedExecutionException e) {   // closed: finish on this thread
                slice.run();
            }
        }
        for (int i = 0; i < count / n; i++) {
            body.accept(i);
        }
        for (CompletableFuture<Void> f : slices) {
            try {
                f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
    }

    private ExecutorService pool() {
        if (closed || threads <= 1) {
            return null;
        }
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null && !closed) {
                    AtomicInteger n = new AtomicInteger();
                    p = new ThreadPoolExecutor(threads - 1, threads - 1, 0L, TimeUnit.MILLISECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "lci-entropy-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Stops the helper threads; later layers run on their calling threads. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.shutdown();
        }
    }
}
