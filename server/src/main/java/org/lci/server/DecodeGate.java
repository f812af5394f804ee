package org.lci.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission for decodes, shared by all requests: at most {@code slots} decode at once and at most
 * {@code maxWaiting} wait for a slot (each for at most {@code maxWaitMillis}). Anything beyond is refused at
 * once with 503 + Retry-After, so a burst never builds an unbounded queue of decoded images in memory.
 */
final class DecodeGate {
    private final Semaphore slots;
    private final int maxWaiting;
    private final long maxWaitMillis;
    private final AtomicInteger waiting = new AtomicInteger();

    DecodeGate(int slots, int maxWaiting, long maxWaitMillis) {
        if (slots < 1 || maxWaiting < 0 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("decode gate: expected slots >= 1, waiting >= 0, wait >= 0; found "
                    + slots + ", " + maxWaiting + ", " + maxWaitMillis);
        }
        this.slots = new Semaphore(slots, true);
        this.maxWaiting = maxWaiting;
        this.maxWaitMillis = maxWaitMillis;
    }

    /** A held slot; closing it frees the slot. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    Slot enter() throws HttpError {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw busy();
            }
            try {
                if (!slots.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                    throw busy();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
            finally {
                waiting.decrementAndGet();
            }
        }
        return new Slot() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    slots.release();
                }
            }
        };
    }

    private static HttpError busy() {
        return new HttpError(503, "the server is busy decoding other requests; retry shortly");
    }
}
