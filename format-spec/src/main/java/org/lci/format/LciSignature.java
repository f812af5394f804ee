package org.lci.format;

import java.util.HexFormat;

/**
 * The 8-byte file signature {@code 8B 4C 43 49 0D 0A 1A 0A} ("\x8BLCI\r\n\x1A\n"). Like PNG's: the
 * high-bit byte catches 7-bit transfers, CR LF and LF catch line-ending conversion, 0x1A stops
 * DOS {@code type}. Cheap to test: {@code canDecodeInput} reads these 8 bytes and nothing else.
 */
public final class LciSignature {
    /** Signature length in bytes. */
    public static final int LENGTH = 8;
    private static final byte[] BYTES = {(byte) 0x8B, 'L', 'C', 'I', '\r', '\n', 0x1A, '\n'};

    private LciSignature() {
    }

    /** A copy of the signature bytes. */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    /** True when {@code buf[off, off + 8)} is the signature. */
    public static boolean matches(byte[] buf, int off, int len) {
        if (len < LENGTH || off < 0 || off > buf.length - LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (buf[off + i] != BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code buf} starts with the signature. */
    public static boolean matches(byte[] buf) {
        return matches(buf, 0, buf.length);
    }

    /** Checks the signature at file offset 0, naming likely transfer damage. */
    static void check(byte[] buf, int len) throws LciFormatException {
        if (matches(buf, 0, len)) {
            return;
        }
        String found = HexFormat.ofDelimiter(" ").formatHex(buf, 0, Math.min(len, LENGTH));
        String hint = "";
        if (len >= 4 && buf[1] == 'L' && buf[2] == 'C' && buf[3] == 'I') {
            hint = buf[0] != BYTES[0] ? " (high bit stripped: 7-bit transfer?)" : " (line endings converted: text-mode transfer?)";
        }
        throw new LciFormatException("not an LCI file: expected signature 8b 4c 43 49 0d 0a 1a 0a, found " + found + hint, 0);
    }
}
