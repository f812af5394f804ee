package org.lci.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.lci.runtime.ProgressListener;

/** When a tile loop returns — done, cancelled or failed — none of its tile jobs is still running. */
class OrderedTilesTest {

    private final AtomicInteger running = new AtomicInteger();

    private OrderedTiles.Job<Integer> slowJob(int failAt) {
        return tile -> {
            running.incrementAndGet();
            try {
                Thread.sleep(30);
                if (tile == failAt) {
                    throw new IOException("tile " + tile + " failed");
                }
                return tile;
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                running.decrementAndGet();
            }
        };
    }

    @Test
    void cancelledLoopLeavesNoJobRunning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean cancel = new AtomicBoolean();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void tileDone(int done, int count) {
                cancel.set(true);                 // after the first tile: four more are in flight
            }

            @Override
            public boolean isCancelled() {
                return cancel.get();
            }
        };
        boolean complete = OrderedTiles.run(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, slowJob(-1), (t, r) -> { },
                listener, pool, 4);
        assertThat(complete).isFalse();
        assertThat(running.get()).isZero();
        pool.shutdown();
    }

    @Test
    void failedLoopLeavesNoJobRunning() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        assertThatThrownBy(() -> OrderedTiles.run(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, slowJob(0), (t, r) -> { },
                ProgressListener.NONE, pool, 4)).hasMessageContaining("tile 0 failed");
        assertThat(running.get()).isZero();
        pool.shutdown();
    }
}
