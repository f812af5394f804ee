package org.lci.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** The direct-buffer pool is shared, reuses buffers and keeps a bounded number of idle bytes whatever the threads. */
class DirectFloatsTest {

    @Test
    void idleBytesStayBoundedAcrossManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int floats = (1 << 20) + t;              // 4 MiB each: 128 MiB in use at once at most
            done.add(pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    FloatBuffer b = DirectFloats.acquire(floats);
                    assertThat(b.isDirect()).isTrue();
                    assertThat(b.remaining()).isEqualTo(floats);
                    b.put(0, i);
                    DirectFloats.release(b);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(DirectFloats.pooledBytes()).isLessThanOrEqualTo(DirectFloats.POOL_BYTES);
    }

    @Test
    void aReleasedBufferIsReusedForASmallerRequest() {
        FloatBuffer a = DirectFloats.acquire(1000);
        DirectFloats.release(a);
        FloatBuffer b = DirectFloats.acquire(900);
        assertThat(b).isSameAs(a);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(900);
        DirectFloats.release(b);
    }
}
