package org.lci.runtime.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Per-thread direct, native-order float buffers for ONNX Runtime inputs, grown on demand and reused, so a
 * tile costs no fresh native allocation (direct buffers are freed only by the garbage collector).
 */
final class DirectFloats {

    private static final ThreadLocal<FloatBuffer[]> SLOTS = ThreadLocal.withInitial(() -> new FloatBuffer[2]);

    private DirectFloats() { }

    /** A cleared buffer of exactly {@code count} floats (position 0, limit count); {@code slot} 0 or 1. */
    static FloatBuffer get(int slot, int count) {
        FloatBuffer[] slots = SLOTS.get();
        FloatBuffer b = slots[slot];
        if (b == null || b.capacity() < count) {
            b = ByteBuffer.allocateDirect(Math.multiplyExact(count, 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            slots[slot] = b;
        }
        b.clear().limit(count);
        return b;
    }
}
