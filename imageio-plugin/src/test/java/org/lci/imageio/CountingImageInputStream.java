package org.lci.imageio;

import javax.imageio.stream.ImageInputStreamImpl;

/** An in-memory image input stream of known length that counts the bytes read from it. */
final class CountingImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    long bytesRead;

    CountingImageInputStream(byte[] data) {
        this.data = data;
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= data.length) {
            return -1;
        }
        bytesRead++;
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        bitOffset = 0;
        if (streamPos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        bytesRead += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }
}
