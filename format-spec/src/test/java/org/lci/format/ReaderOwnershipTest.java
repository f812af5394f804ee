package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** {@link LciReader#open} owns its source: a file that fails to parse leaves no open source behind. */
class ReaderOwnershipTest {

    /** Counts closes of an in-memory source. */
    private static RandomAccessSource counting(byte[] bytes, AtomicInteger closes) {
        RandomAccessSource inner = RandomAccessSource.of(bytes);
        return new RandomAccessSource() {
            @Override
            public long length() throws IOException {
                return inner.length();
            }

            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws IOException {
                inner.readFully(position, dst, off, len);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
    }

    @Test
    void badFilesAreClosedWhenOpenFails() {
        AtomicInteger closes = new AtomicInteger();
        byte[][] bad = {new byte[0], "not an lci file at all".getBytes(), {(byte) 0x8B, 'L', 'C', 'I', 13, 10, 26, 10, 9}};
        for (byte[] b : bad) {
            assertThatThrownBy(() -> LciReader.open(counting(b, closes))).isInstanceOf(IOException.class);
        }
        assertThat(closes.get()).isEqualTo(bad.length);
    }
}
