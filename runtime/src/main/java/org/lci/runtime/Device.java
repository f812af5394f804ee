package org.lci.runtime;

/** Where ONNX Runtime runs the encoder and synthesis graphs. The deterministic entropy path always runs in Java. */
public enum Device {
    /** CPU execution provider (the default). */
    CPU,
    /** CUDA execution provider on GPU 0; falls back to CPU with one log line when CUDA cannot start. */
    CUDA,
    /** CUDA when it is present, otherwise CPU. */
    AUTO;

    /** Parses {@code cpu}, {@code cuda} or {@code auto} (any case). */
    public static Device parse(String name) {
        for (Device d : values()) {
            if (d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("device: expected cpu, cuda or auto, found '" + name + "'");
    }
}
