package org.lci.runtime;

/** ONNX Runtime graph optimisation level; it changes speed and, within tolerance, pixels, never the latents. */
public enum GraphOptimization {
    NONE, BASIC, EXTENDED, ALL
}
