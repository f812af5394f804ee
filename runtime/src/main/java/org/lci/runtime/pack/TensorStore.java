package org.lci.runtime.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import org.lci.runtime.ModelPackException;

/**
 * The tensors of tensors.bin, found by the offsets (in bytes), shapes and dtypes of the manifest: float32 (the
 * default), or int8 / int32 (format 2's integer layers).
 */
final class TensorStore {

    private final ByteBuffer data;
    private final Map<String, Manifest.TensorRef> refs;
    private final String source;

    TensorStore(byte[] bin, Map<String, Manifest.TensorRef> refs, String source) {
        this.data = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        this.refs = refs == null ? Map.of() : refs;
        this.source = source;
    }

    /** The tensor's values, checking that its shape is {@code expectedShape} (a -1 entry matches any size). */
    float[] get(String name, int... expectedShape) throws ModelPackException {
        Manifest.TensorRef ref = ref(name, "float32");
        int count = count(name, ref, 4, expectedShape);
        float[] out = new float[count];
        data.slice((int) ref.offset, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** An int8 or int32 tensor ({@code dtype}) as ints, checking its shape as {@link #get} does. */
    int[] ints(String name, String dtype, int... expectedShape) throws ModelPackException {
        Manifest.TensorRef ref = ref(name, dtype);
        int size = "int8".equals(dtype) ? 1 : 4;
        int count = count(name, ref, size, expectedShape);
        int[] out = new int[count];
        ByteBuffer b = data.slice((int) ref.offset, size * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            out[i] = size == 1 ? b.get(i) : b.getInt(4 * i);
        }
        return out;
    }

    private Manifest.TensorRef ref(String name, String dtype) throws ModelPackException {
        Manifest.TensorRef ref = name == null ? null : refs.get(name);
        if (ref == null || ref.shape == null) {
            throw new ModelPackException("model pack " + source + ": manifest has no tensor '" + name + "' with a shape");
        }
        String found = ref.dtype == null ? "float32" : ref.dtype;
        if (!found.equals(dtype)) {
            throw new ModelPackException("model pack " + source + ": tensor '" + name + "' expected dtype " + dtype
                    + ", found " + found);
        }
        return ref;
    }

    private int count(String name, Manifest.TensorRef ref, int size, int... expectedShape) throws ModelPackException {
        if (ref == null || ref.shape == null) {
            throw new ModelPackException("model pack " + source + ": manifest has no tensor '" + name + "' with a shape");
        }
        List<Integer> shape = ref.shape;
        boolean ok = shape.size() == expectedShape.length;
        long count = 1;
        for (int i = 0; i < shape.size(); i++) {
            Integer d = shape.get(i);
            ok &= d != null && d >= 0 && (i >= expectedShape.length || expectedShape[i] < 0 || expectedShape[i] == d);
            // cap at a size no tensors.bin can hold, so the bounds check below refuses it without overflow
            count = !ok ? 0 : d > 0 && count > Integer.MAX_VALUE / d ? Integer.MAX_VALUE : count * d;
        }
        if (!ok) {
            throw new ModelPackException("model pack " + source + ": tensor '" + name + "' expected shape "
                    + java.util.Arrays.toString(expectedShape) + ", found " + shape);
        }
        long end = ref.offset + size * count;
        if (ref.offset < 0 || ref.offset > data.capacity() || ref.offset % size != 0 || end > data.capacity()) {
            throw new ModelPackException("model pack " + source + ": tensor '" + name + "' at byte offset " + ref.offset
                    + " with " + count + " values of " + size + " bytes does not fit tensors.bin of "
                    + data.capacity() + " bytes");
        }
        return (int) count;
    }
}
