package org.lci.runtime.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import org.lci.runtime.ModelPackException;

/** The float32 tensors of tensors.bin, found by the offsets (in bytes) and shapes of the manifest. */
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
        Manifest.TensorRef ref = refs.get(name);
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
        long end = ref.offset + 4 * count;
        if (ref.offset < 0 || ref.offset > data.capacity() || ref.offset % 4 != 0 || end > data.capacity()) {
            throw new ModelPackException("model pack " + source + ": tensor '" + name + "' at byte offset " + ref.offset
                    + " with " + count + " floats does not fit tensors.bin of " + data.capacity() + " bytes");
        }
        float[] out = new float[(int) count];
        data.slice((int) ref.offset, (int) (4 * count)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
