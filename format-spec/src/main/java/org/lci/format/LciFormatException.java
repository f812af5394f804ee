package org.lci.format;

import java.io.IOException;

/**
 * Thrown for every malformed, truncated or over-limit LCI input. The message says what was
 * expected, what was found and where (byte offset, tile, segment) when those are known.
 */
public class LciFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Position of the problem in the file or stream, or -1 when it has none. */
    private final long offset;

    public LciFormatException(String message) {
        this(message, -1);
    }

    /** @param offset byte offset of the problem in the file, or -1 */
    public LciFormatException(String message, long offset) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message);
        this.offset = offset;
    }

    public LciFormatException(String message, Throwable cause) {
        super(message, cause);
        this.offset = -1;
    }

    /** Byte offset in the file where the problem was found, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
