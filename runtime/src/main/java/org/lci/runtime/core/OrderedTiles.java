package org.lci.runtime.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.lci.runtime.LciCodecException;
import org.lci.runtime.ProgressListener;

/**
 * Runs a per-tile job over tiles, at most {@code 2 × threads} ahead on the pool, and hands the results to a
 * commit step strictly in tile order on the calling thread (so writing and progress are never concurrent).
 * Cancellation is checked before each tile. When the call returns (done, cancelled or failed) none of its
 * tile jobs is still running.
 */
final class OrderedTiles {

    interface Job<T> {
        T run(int tile) throws IOException;
    }

    interface Commit<T> {
        void accept(int tile, T result) throws IOException;
    }

    private OrderedTiles() { }

    /** @return true when every tile was committed, false when the listener cancelled */
    static <T> boolean run(int[] tiles, Job<T> job, Commit<T> commit, ProgressListener listener,
                           ExecutorService pool, int threads) throws IOException {
        if (pool == null) {
            for (int i = 0; i < tiles.length; i++) {
                if (listener.isCancelled()) {
                    return false;
                }
                commit.accept(tiles[i], job.run(tiles[i]));
                listener.tileDone(i + 1, tiles.length);
            }
            return true;
        }
        ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
        Gate gate = new Gate();
        int next = 0;
        try {
            for (int i = 0; i < tiles.length; i++) {
                while (next < tiles.length && inFlight.size() < 2 * threads && !listener.isCancelled()) {
                    int tile = tiles[next++];
                    try {
                        inFlight.add(pool.submit(() -> gate.run(() -> job.run(tile))));
                    } catch (RejectedExecutionException e) {   // the codec's pool was shut down by close()
                        throw new org.lci.runtime.CodecClosedException(e);
                    }
                }
                if (listener.isCancelled()) {
                    return false;
                }
                commit.accept(tiles[i], get(inFlight.poll()));
                listener.tileDone(i + 1, tiles.length);
            }
            return true;
        } finally {
            // Nothing of this call may outlive it: queued tiles never start, running ones are waited for.
            inFlight.forEach(f -> f.cancel(false));
            gate.closeAndAwait();
        }
    }

    /** Counts the tile jobs of one call that are running; once closed, no further job starts. */
    private static final class Gate {
        private int running;
        private boolean closed;

        <T> T run(Job0<T> job) throws IOException {
            synchronized (this) {
                if (closed) {
                    return null;                  // the call has returned; its result would be dropped
                }
                running++;
            }
            try {
                return job.run();
            } finally {
                synchronized (this) {
                    running--;
                    notifyAll();
                }
            }
        }

        synchronized void closeAndAwait() {
            closed = true;
            boolean interrupted = false;
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;           // keep waiting: the jobs hold this call's buffers
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private interface Job0<T> {
        T run() throws IOException;
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (CancellationException e) {             // queued when the codec was closed
            throw new org.lci.runtime.CodecClosedException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while coding tiles");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }
}
