package org.lci.runtime.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded pool that codes tiles in parallel for one codec (none when tiles are coded one by one). */
public final class TileWorkers implements AutoCloseable {

    private final int threads;
    private volatile ExecutorService pool;

    public TileWorkers(int threads) {
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** The pool, created on first use; null when {@code threads == 1}. */
    public ExecutorService pool() {
        if (threads <= 1) {
            return null;
        }
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    AtomicInteger n = new AtomicInteger();
                    ThreadFactory tf = r -> {
                        Thread t = new Thread(r, "lci-tile-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    p = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), tf);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Stops accepting tiles and cancels the queued ones (their callers get "codec is closed"); tiles already
     * running finish without being interrupted (an interrupt would surface as an unrelated I/O error).
     */
    @Override
    public synchronized void close() {
        if (pool instanceof ThreadPoolExecutor p) {
            p.shutdown();
            List<Runnable> queued = new ArrayList<>();
            p.getQueue().drainTo(queued);
            for (Runnable r : queued) {
                if (r instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
        }
    }
}
