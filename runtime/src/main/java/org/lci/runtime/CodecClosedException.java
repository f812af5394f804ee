package org.lci.runtime;

/** A call on a codec that was closed, before or while it ran ("codec is closed"); callers may retry elsewhere. */
public final class CodecClosedException extends LciCodecException {
    public CodecClosedException() {
        super("codec is closed");
    }

    public CodecClosedException(Throwable cause) {
        super("codec is closed", cause);
    }
}
