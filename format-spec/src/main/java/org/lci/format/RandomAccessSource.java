package org.lci.format;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of an LCI file, read at any position. The reader reads the header and index, then
 * segments on demand. Implementations used from several threads must make {@link #readFully}
 * safe to call concurrently (the provided ones are).
 */
public interface RandomAccessSource extends Closeable {

    /** Number of bytes available now; a truncated file simply reports fewer bytes. */
    long length() throws IOException;

    /**
     * Reads exactly {@code len} bytes starting at {@code position}.
     *
     * @throws EOFException if fewer than {@code len} bytes exist at {@code position}
     */
    void readFully(long position, byte[] dst, int off, int len) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** A source over an in-memory array (not copied). */
    static RandomAccessSource of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** A source over {@code bytes[off, off + len)} (not copied). */
    static RandomAccessSource of(byte[] bytes, int off, int len) {
        if (off < 0 || len < 0 || off > bytes.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside array of " + bytes.length);
        }
        return new RandomAccessSource() {
            @Override
            public long length() {
                return len;
            }

            @Override
            public void readFully(long position, byte[] dst, int dstOff, int n) throws IOException {
                if (position < 0 || n < 0 || position > len - n) {
                    throw new EOFException("read of " + n + " bytes at " + position + " past end of " + len + "-byte source");
                }
                System.arraycopy(bytes, off + (int) position, dst, dstOff, n);
            }
        };
    }

    /**
     * A source over a seekable channel; closing the source closes the channel. Reads of a
     * {@link FileChannel} are positional and run concurrently; other channels are serialised.
     */
    static RandomAccessSource of(SeekableByteChannel channel) {
        return new RandomAccessSource() {
            @Override
            public long length() throws IOException {
                return channel.size();
            }

            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
                if (channel instanceof FileChannel fc) {
                    while (buf.hasRemaining()) {
                        if (fc.read(buf, position + buf.position() - off) < 0) {
                            throw new EOFException("read of " + len + " bytes at " + position + " past end of file");
                        }
                    }
                    return;
                }
                synchronized (channel) {
                    channel.position(position);
                    while (buf.hasRemaining()) {
                        if (channel.read(buf) < 0) {
                            throw new EOFException("read of " + len + " bytes at " + position + " past end of channel");
                        }
                    }
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** Opens a file for reading; close the source to close the file. */
    static RandomAccessSource open(Path file) throws IOException {
        return of(FileChannel.open(file, StandardOpenOption.READ));
    }
}
