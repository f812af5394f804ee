package org.lci.runtime.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
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
                    p = Executors.newFixedThreadPool(threads, tf);
                    pool = p;
                }
            }
        }
        return p;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
