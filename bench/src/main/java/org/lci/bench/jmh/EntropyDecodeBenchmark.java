package org.lci.bench.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lci.format.CdfTable;
import org.lci.format.vectors.ConformanceVectors;
import org.lci.format.LciFormatException;
import org.lci.format.RansDecoder;
import org.lci.format.RansEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Entropy decoding of realistic latent symbols: 2^20 values, each with its own table among 64
 * Gaussian tables (scales 0.11 .. 256, log-spaced, 5 sigma wide, as the training engineer's
 * TABLES.md builds them), most symbols at small scales, a few escaped. Scores are symbols per second.
 *
 * <p>{@code bulk} is the library's fast path; {@code perSymbol} calls {@code decode(CdfTable)}
 * once per symbol; {@code straightforward} is a direct transcription of SPEC.md (binary search
 * over the CDF, one symbol at a time), kept as the "before" of the optimisation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EntropyDecodeBenchmark {
    static final int SYMBOLS = 1 << 20;
    static final int TABLES = 64;

    CdfTable[] tables;
    int[][] cdfs;
    int[] offsets;
    int[] tableIndex;
    int[] values;
    byte[] stream;
    int[] out;

    @Setup
    public void setUp() throws LciFormatException {
        tables = new CdfTable[TABLES];
        cdfs = new int[TABLES][];
        offsets = new int[TABLES];
        double[] scale = new double[TABLES];
        for (int k = 0; k < TABLES; k++) {
            // As training-export/TABLES.md: scales 0.11 .. 256 log-spaced, K = ceil(5 s) per side.
            scale[k] = 0.11 * Math.pow(256 / 0.11, (double) k / (TABLES - 1));
            tables[k] = ConformanceVectors.gaussian(scale[k], (int) Math.ceil(5 * scale[k]));
            cdfs[k] = tables[k].cdf();
            offsets[k] = tables[k].offset();
        }
        Random rnd = new Random(1);
        tableIndex = new int[SYMBOLS];
        values = new int[SYMBOLS];
        for (int i = 0; i < SYMBOLS; i++) {
            // Latents: most positions have small predicted scales, a few large.
            int k = (int) Math.min(TABLES - 1, Math.abs(rnd.nextGaussian()) * 14);
            tableIndex[i] = k;
            values[i] = (int) Math.round(rnd.nextGaussian() * scale[k]);
        }
        RansEncoder enc = new RansEncoder();
        enc.encode(values, 0, SYMBOLS, tables, tableIndex, 0);
        stream = enc.finish();
        out = new int[SYMBOLS];
        // A benchmark of a wrong decoder measures nothing: check all three paths once.
        bulk();
        long sum = 0;
        for (int i = 0; i < SYMBOLS; i++) {
            if (out[i] != values[i]) {
                throw new IllegalStateException("bulk decode differs at symbol " + i);
            }
            sum += values[i];
        }
        if (perSymbol() != (int) sum || straightforward() != (int) sum) {
            throw new IllegalStateException("per-symbol or straightforward decode differs");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int bulk() throws LciFormatException {
        RansDecoder d = new RansDecoder(stream);
        d.decode(tables, tableIndex, 0, out, 0, SYMBOLS);
        d.finish();
        return out[SYMBOLS - 1];
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int perSymbol() throws LciFormatException {
        RansDecoder d = new RansDecoder(stream);
        int acc = 0;
        for (int i = 0; i < SYMBOLS; i++) {
            acc += d.decode(tables[tableIndex[i]]);
        }
        d.finish();
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int straightforward() {
        Straightforward d = new Straightforward(stream);
        int acc = 0;
        for (int i = 0; i < SYMBOLS; i++) {
            int k = tableIndex[i];
            acc += d.decode(i & 1, cdfs[k], offsets[k]);
        }
        return acc;
    }

    /** SPEC.md section 9 written out plainly: binary search, long states, one step at a time. */
    static final class Straightforward {
        final byte[] s;
        final long[] x;
        int pos = 8;

        Straightforward(byte[] stream) {
            s = stream;
            x = new long[] {u32(stream, 0), u32(stream, 4)};
        }

        int decode(int st, int[] cdf, int offset) {
            long slot = x[st] & 0xFFFF;
            int lo = 0;
            int hi = cdf.length - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] <= slot) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            step(st, cdf[lo], cdf[lo + 1] - cdf[lo]);
            int n = cdf.length - 2;
            if (lo < n) {
                return offset + lo;
            }
            int len = raw(st, 5);
            long u = len == 0 ? 0 : 1L << (len - 1);
            for (int shift = 0, rem = len - 1; rem > 0; shift += 16, rem -= 16) {
                u |= (long) raw(st, Math.min(16, rem)) << shift;
            }
            return (int) (offset + ((u & 1) != 0 ? -((u + 1) >> 1) : n + (u >> 1)));
        }

        int raw(int st, int bits) {
            int r = (int) ((x[st] & 0xFFFF) >>> (16 - bits));
            step(st, r << (16 - bits), 1 << (16 - bits));
            return r;
        }

        void step(int st, long start, long freq) {
            long v = freq * (x[st] >>> 16) + (x[st] & 0xFFFF) - start;
            if (v < 65536) {
                v = (v << 16) | (s[pos] & 0xFF) | (s[pos + 1] & 0xFF) << 8;
                pos += 2;
            }
            x[st] = v;
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
