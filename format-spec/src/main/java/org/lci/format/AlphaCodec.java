package org.lci.format;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Lossless coding of the alpha plane in the ALPH chunk (SPEC.md "ALPH"): every row is prefixed by a
 * PNG filter type (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth, one byte per pixel) and the filtered
 * rows are compressed as one zlib stream (RFC 1950). Decoding is bounded: the output size is fixed
 * by the header, and a chunk too short to inflate to it is refused before allocating.
 */
public final class AlphaCodec {
    /** Deflate cannot expand more than about 1032:1; a shorter chunk cannot hold the plane. */
    private static final int MAX_DEFLATE_RATIO = 1040;

    private AlphaCodec() {
    }

    /** Filters (per-row choice by least sum of absolute differences, as libpng does) and deflates. */
    public static byte[] encode(byte[] alpha, int width, int height) {
        if ((long) width * height != alpha.length) {
            throw new IllegalArgumentException("alpha plane: expected " + width + "x" + height + " = "
                    + (long) width * height + " bytes, found " + alpha.length);
        }
        byte[] filtered = new byte[height * (width + 1)];
        byte[] candidate = new byte[width];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int dst = y * (width + 1);
            long best = Long.MAX_VALUE;
            for (int f = 0; f <= 4; f++) {
                long cost = 0;
                for (int x = 0; x < width; x++) {
                    int a = x > 0 ? alpha[row + x - 1] & 0xFF : 0;
                    int b = y > 0 ? alpha[row - width + x] & 0xFF : 0;
                    int c = x > 0 && y > 0 ? alpha[row - width + x - 1] & 0xFF : 0;
                    int v = (alpha[row + x] - predict(f, a, b, c)) & 0xFF;
                    candidate[x] = (byte) v;
                    cost += v < 128 ? v : 256 - v;
                }
                if (cost < best) {
                    best = cost;
                    filtered[dst] = (byte) f;
                    System.arraycopy(candidate, 0, filtered, dst + 1, width);
                }
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(filtered);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(filtered.length / 4 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Receives decoded alpha rows in order; the array is reused for the next row. */
    @FunctionalInterface
    public interface RowConsumer {
        void row(int y, byte[] alpha) throws LciFormatException;
    }

    /**
     * Inflates and unfilters an ALPH chunk into a {@code width * height} plane, row-major.
     *
     * @param fileOffset file offset of the chunk data, for error messages
     */
    public static byte[] decode(byte[] data, int width, int height, long fileOffset) throws LciFormatException {
        if ((long) width * height > Integer.MAX_VALUE - 8) {
            throw new LciFormatException("ALPH: plane " + width + "x" + height + " too large to decode", fileOffset);
        }
        byte[] alpha = new byte[width * height];
        decodeRows(data, width, height, height, fileOffset, (y, row) -> System.arraycopy(row, 0, alpha, y * width, width));
        return alpha;
    }

    /**
     * Streams rows {@code 0 … rowEnd − 1} of the plane to {@code consumer}, holding two rows at a time: a region
     * or a thumbnail of a huge RGBA image never holds its whole alpha plane. Rows before the region must still
     * be decoded (each row's filter reads the one above). The checks of the stream's end (its length, the end
     * marker, no trailing bytes) run when {@code rowEnd == height}.
     */
    public static void decodeRows(byte[] data, int width, int height, int rowEnd, long fileOffset, RowConsumer consumer)
            throws LciFormatException {
        long expected = (long) height * (width + 1);
        if (expected > (long) data.length * MAX_DEFLATE_RATIO + 1024) {
            throw new LciFormatException("ALPH: expected a zlib stream able to inflate to " + expected + " bytes, found only "
                    + data.length + " bytes", fileOffset);
        }
        byte[] filtered = new byte[width + 1];
        byte[] previous = new byte[width];
        byte[] current = new byte[width];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            for (int y = 0; y < rowEnd; y++) {
                int n = 0;
                while (n < filtered.length) {
                    int got = inflater.inflate(filtered, n, filtered.length - n);
                    if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
                if (n < filtered.length) {
                    throw new LciFormatException("ALPH: expected " + expected + " bytes of filtered rows, found "
                            + ((long) y * (width + 1) + n), fileOffset);
                }
                int f = filtered[0] & 0xFF;
                if (f > 4) {
                    throw new LciFormatException("ALPH: row " + y + ": expected filter type 0..4, found " + f, fileOffset);
                }
                for (int x = 0; x < width; x++) {
                    int a = x > 0 ? current[x - 1] & 0xFF : 0;
                    int b = y > 0 ? previous[x] & 0xFF : 0;
                    int c = x > 0 && y > 0 ? previous[x - 1] & 0xFF : 0;
                    current[x] = (byte) (filtered[1 + x] + predict(f, a, b, c));
                }
                consumer.row(y, current);
                byte[] t = previous;
                previous = current;
                current = t;
            }
            if (rowEnd == height) {
                byte[] probe = new byte[1];
                if (!inflater.finished() && inflater.inflate(probe) > 0 || !inflater.finished()) {
                    throw new LciFormatException("ALPH: expected the zlib stream to end after " + expected
                            + " bytes, found more data or no end marker", fileOffset);
                }
                if (inflater.getRemaining() != 0) {
                    throw new LciFormatException("ALPH: expected the chunk to end with the zlib stream, found "
                            + inflater.getRemaining() + " trailing bytes", fileOffset);
                }
            }
        } catch (DataFormatException e) {
            throw new LciFormatException("ALPH: invalid zlib data: " + e.getMessage() + " (at chunk data offset " + fileOffset + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** PNG predictors: a = left, b = above, c = above-left (0 outside the plane). */
    private static int predict(int filter, int a, int b, int c) {
        switch (filter) {
            case 0:
                return 0;
            case 1:
                return a;
            case 2:
                return b;
            case 3:
                return (a + b) >>> 1;
            default:
                int p = a + b - c;
                int pa = Math.abs(p - a);
                int pb = Math.abs(p - b);
                int pc = Math.abs(p - c);
                return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
