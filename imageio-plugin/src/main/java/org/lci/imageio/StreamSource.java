package org.lci.imageio;

import org.lci.format.RandomAccessSource;

import javax.imageio.stream.ImageInputStream;
import java.io.IOException;

/**
 * The reader's input seen as random-access bytes, so the runtime reads only the segments a tier or region
 * needs instead of the whole file. Closing it leaves the stream open: the stream belongs to the caller.
 */
final class StreamSource implements RandomAccessSource {
    private final ImageInputStream stream;
    private final long start;
    private final long length;

    /** @param length bytes from {@code start} to the end of the stream (the stream must know its length) */
    StreamSource(ImageInputStream stream, long start, long length) {
        this.stream = stream;
        this.start = start;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    /** Serialised: tile workers may read concurrently, and the stream has one position. */
    @Override
    public synchronized void readFully(long position, byte[] dst, int off, int len) throws IOException {
        if (position < 0 || len < 0 || position > length - len) {
            throw new java.io.EOFException("read of " + len + " bytes at " + position + " past end of "
                    + length + "-byte input");
        }
        stream.seek(start + position);
        stream.readFully(dst, off, len);
    }
}
