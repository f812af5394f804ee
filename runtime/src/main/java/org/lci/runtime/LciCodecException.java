package org.lci.runtime;

import java.io.IOException;

/** A codec operation failed for a reason other than a malformed file (those raise the format's exception). */
public class LciCodecException extends IOException {
    public LciCodecException(String message) {
        super(message);
    }

    public LciCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
