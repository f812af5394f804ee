package org.lci.runtime.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct, native-order float buffers for ONNX Runtime inputs, shared by every thread through one bounded pool:
 * a tile borrows a buffer, ONNX Runtime reads it, the tile gives it back. At most {@link #POOL_BYTES} stay
 * pooled while idle (the largest reusable ones win); a buffer given back beyond that is dropped to the garbage
 * collector. Per-thread buffers kept forever (the old scheme) cost every request thread of a server up to the
 * largest tile's input, 14 MB at the default tile size.
 */
final class DirectFloats {

    /** Idle bytes kept for reuse, across all threads. */
    static final long POOL_BYTES = 64L << 20;

    private static final List<FloatBuffer> FREE = new ArrayList<>();
    private static long pooledBytes;

    private DirectFloats() { }

    /** A cleared buffer of exactly {@code count} floats (position 0, limit count); give it back with {@link #release}. */
    static FloatBuffer acquire(int count) {
        FloatBuffer b = take(count);
        if (b == null) {
            b = ByteBuffer.allocateDirect(Math.multiplyExact(count, 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        b.clear().limit(count);
        return b;
    }

    /** Returns a buffer from {@link #acquire}; the caller must not touch it afterwards. Null is ignored. */
    static void release(FloatBuffer b) {
        if (b == null) {
            return;
        }
        long bytes = 4L * b.capacity();
        synchronized (FREE) {
            if (pooledBytes + bytes <= POOL_BYTES) {
                FREE.add(b);
                pooledBytes += bytes;
            }
        }
    }

    /** Idle bytes in the pool (tests and benchmarks). */
    static long pooledBytes() {
        synchronized (FREE) {
            return pooledBytes;
        }
    }

    /** The smallest pooled buffer that holds {@code count} floats, removed from the pool; null if none. */
    private static FloatBuffer take(int count) {
        synchronized (FREE) {
            int best = -1;
            for (int i = 0; i < FREE.size(); i++) {
                int cap = FREE.get(i).capacity();
                if (cap >= count && (best < 0 || cap < FREE.get(best).capacity())) {
                    best = i;
                }
            }
            if (best < 0) {
                return null;
            }
            FloatBuffer b = FREE.remove(best);
            pooledBytes -= 4L * b.capacity();
            return b;
        }
    }
}
