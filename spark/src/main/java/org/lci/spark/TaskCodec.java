package org.lci.spark;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.LciCodec;

/**
 * The codec tasks in this JVM share: one ONNX Runtime thread per call and tiles one after another, because
 * Spark already runs one task per core. (The JVM-wide {@link LciCodec#shared()} would give every call all the
 * cores: N tasks x N threads.) Lives as long as the executor.
 */
final class TaskCodec {
    private static volatile LciCodec codec;

    private TaskCodec() { }

    static LciCodec get() {
        LciCodec c = codec;
        if (c == null) {
            synchronized (TaskCodec.class) {
                c = codec;
                if (c == null) {
                    codec = c = LciCodec.create(CodecOptions.builder().intraOpThreads(1).tileThreads(1).build());
                }
            }
        }
        return c;
    }
}
