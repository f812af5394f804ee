package org.lci.format.vectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

import org.lci.format.LciHeader;
import org.lci.format.LciReader;
import org.lci.format.RandomAccessSource;

/**
 * Byte-level edits that make the files no honest writer makes, for every module's tests (format-spec test-jar):
 * header fields rewritten behind a recomputed header CRC, chunks with valid CRCs around any payload.
 */
public final class FileSurgery {

    private FileSurgery() { }

    /** The LEB128 varint of {@code v} (SPEC.md section 3), minimal length. */
    public static byte[] varint(int v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (v >= 0x80) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    /** {@code f} with {@code remove} bytes at {@code at} replaced by {@code add}. */
    public static byte[] splice(byte[] f, int at, int remove, byte[] add) {
        byte[] out = new byte[f.length - remove + add.length];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(f, at + remove, out, at + add.length, f.length - at - remove);
        return out;
    }

    public static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** A chunk: length, type, data, CRC-32C of type and data. */
    public static byte[] chunk(String type, byte[] data) {
        byte[] out = new byte[12 + data.length];
        putU32(out, 0, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, out, 4, 4);
        System.arraycopy(data, 0, out, 8, data.length);
        CRC32C crc = new CRC32C();
        crc.update(out, 4, 4 + data.length);
        putU32(out, 8 + data.length, (int) crc.getValue());
        return out;
    }

    /**
     * Replaces the header body of {@code f} (its {@code headerLen} header bytes after the signature, or {@code h}'s
     * bytes when given) by {@code r}'s result, followed by a fresh header CRC.
     */
    public static byte[] withHeader(byte[] f, int headerLen, LciHeader h, UnaryOperator<byte[]> r) {
        byte[] body = h != null ? h.toBytes() : Arrays.copyOfRange(f, 8, 8 + headerLen);
        body = r.apply(Arrays.copyOf(body, body.length - 4));
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] header = Arrays.copyOf(body, body.length + 4);
        putU32(header, body.length, (int) crc.getValue());
        return splice(f, 8, headerLen, header);
    }

    /**
     * A valid file {@code f} declaring {@code w × h} instead of its own size: the two size varints rewritten, the
     * header CRC recomputed, everything after the header unchanged (as a hostile writer would).
     */
    public static byte[] resized(byte[] f, int w, int h) {
        LciHeader header;
        try (LciReader r = LciReader.open(RandomAccessSource.of(f))) {
            header = r.header();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int oldSizes = varint(header.width()).length + varint(header.height()).length;
        ByteArrayOutputStream sizes = new ByteArrayOutputStream();
        sizes.writeBytes(varint(w));
        sizes.writeBytes(varint(h));
        return withHeader(f, header.toBytes().length, null, b -> splice(b, 2, oldSizes, sizes.toByteArray()));
    }
}
