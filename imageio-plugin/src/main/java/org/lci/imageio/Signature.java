package org.lci.imageio;

import org.lci.format.LciSignature;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.util.HexFormat;

/** Reads the 8-byte LCI signature (format-spec) from a stream; the caller restores the position. */
final class Signature {
    private Signature() { }

    static boolean matches(ImageInputStream stream) throws IOException {
        byte[] found = new byte[LciSignature.LENGTH];
        return readUpTo(stream, found) == found.length && LciSignature.matches(found);
    }

    /** @throws IIOException naming what was found where the signature should be */
    static void check(ImageInputStream stream) throws IOException {
        long start = stream.getStreamPosition();
        byte[] found = new byte[LciSignature.LENGTH];
        int n = readUpTo(stream, found);
        if (n < found.length || !LciSignature.matches(found)) {
            HexFormat hex = HexFormat.ofDelimiter(" ");
            String what = n == 0 ? "an empty stream" : hex.formatHex(found, 0, n);
            throw new IIOException("Not an LCI file: expected signature " + hex.formatHex(LciSignature.bytes())
                    + " at offset " + start + ", found " + what);
        }
    }

    private static int readUpTo(ImageInputStream stream, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int r = stream.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
