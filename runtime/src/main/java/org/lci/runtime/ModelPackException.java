package org.lci.runtime;

/** A model pack is malformed or fails its integrity check (member SHA-256 vs manifest, missing member). */
public class ModelPackException extends LciCodecException {
    public ModelPackException(String message) {
        super(message);
    }

    public ModelPackException(String message, Throwable cause) {
        super(message, cause);
    }
}
