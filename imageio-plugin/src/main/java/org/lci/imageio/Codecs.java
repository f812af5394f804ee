package org.lci.imageio;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.Device;
import org.lci.runtime.LciCodec;

/**
 * The runtime codecs the plugin uses: the JVM-wide {@link LciCodec#shared()} for the CPU, and one CUDA (or AUTO) codec
 * created on first request. Codecs hold ONNX Runtime sessions, so they are shared, never made per image.
 */
final class Codecs {
    private static volatile LciCodec cuda; // CUDA or AUTO; one per JVM

    private Codecs() { }

    /** Closes the codecs the plugin created (the JVM-wide CPU codec and the CUDA one); later reads make new ones. */
    static synchronized void closeAll() {
        LciCodec c = cuda;
        cuda = null;
        if (c != null) {
            c.close();
        }
        LciCodec.closeShared();
    }

    static LciCodec cpu() {
        return LciCodec.shared();
    }

    static LciCodec forDevice(Device device) {
        if (device == Device.CPU) {
            return cpu();
        }
        LciCodec codec = cuda;
        if (codec == null) {
            synchronized (Codecs.class) {
                codec = cuda;
                if (codec == null) {
                    // The runtime falls back to the CPU (with one log line) when CUDA cannot start.
                    cuda = codec = LciCodec.create(CodecOptions.builder().device(device).build());
                }
            }
        }
        return codec;
    }
}
