package org.lci.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lci.format.CdfTable;
import org.lci.format.LciFormatException;
import org.lci.format.RansDecoder;
import org.lci.format.RansEncoder;

import java.util.Arrays;

/**
 * Fuzz target for the LCI-rANS entropy coder. From the fuzzer's bytes it builds 1–4 tables (some as raw, possibly
 * invalid CDF arrays that {@link CdfTable#of} must refuse with {@link LciFormatException}), then
 * <ol>
 *   <li>round trip: encodes fuzzed values (in range, escaped, extreme) with per-symbol tables; both decode paths
 *       (one symbol at a time and the two-state fast path) must give the values back and {@code finish()}
 *       cleanly — a mismatch is a finding;</li>
 *   <li>damage: decodes the rest of the bytes as a stream (and a copy of the encoded stream with bytes flipped);
 *       only {@link LciFormatException} may come out.</li>
 * </ol>
 */
class EntropyFuzzTest {
    private static final long MAX_BYPASS = (1L << 31) - 1;

    @FuzzTest(maxDuration = "10m")
    void roundTripAndDamage(FuzzedDataProvider in) {
        int tableCount = in.consumeInt(1, 4);
        CdfTable[] tables = new CdfTable[tableCount];
        for (int i = 0; i < tableCount; i++) {
            try {
                tables[i] = in.consumeBoolean() ? rawTable(in) : validTable(in);
            }
            catch (LciFormatException refused) {
                return; // an invalid CDF refused with the documented exception
            }
        }
        int count = in.consumeInt(0, 300);
        int[] values = new int[count];
        int[] tableIndex = new int[count];
        RansEncoder encoder = new RansEncoder();
        for (int i = 0; i < count; i++) {
            tableIndex[i] = in.consumeInt(0, tableCount - 1);
            CdfTable t = tables[tableIndex[i]];
            int v = switch (in.consumeInt(0, 3)) {
                case 0 -> in.consumeInt(t.minValue(), t.maxValue());
                case 1 -> t.minValue() - in.consumeInt(1, 70000);
                case 2 -> t.maxValue() + in.consumeInt(1, 70000);
                default -> in.consumeInt();
            };
            long index = (long) v - t.offset();
            long bypass = index < 0 ? -2 * index - 1 : 2 * (index - t.symbolCount());
            if (index < 0 || index >= t.symbolCount()) {
                if (bypass > MAX_BYPASS) {
                    v = t.minValue(); // the encoder refuses these by contract (IllegalArgumentException)
                }
            }
            values[i] = v;
            encoder.encode(v, t);
        }
        byte[] stream = encoder.finish();
        check(encoder.symbolCount() == count, "symbol count");

        int[] one = new int[count];
        int[] fast = new int[count];
        try {
            RansDecoder d = new RansDecoder(stream);
            for (int i = 0; i < count; i++) {
                one[i] = d.decode(tables[tableIndex[i]]);
            }
            d.finish();
            RansDecoder f = new RansDecoder(stream);
            int split = count == 0 ? 0 : in.consumeInt(0, count);
            f.decode(tables, tableIndex, 0, fast, 0, split);
            f.decode(tables, tableIndex, split, fast, split, count - split);
            f.finish();
        }
        catch (LciFormatException e) {
            throw new IllegalStateException("round trip refused its own stream: " + e.getMessage(), e);
        }
        check(Arrays.equals(values, one), "single-symbol decode differs from the encoded values");
        check(Arrays.equals(values, fast), "fast-path decode differs from the encoded values");

        // Damage: flip bytes of the real stream, then decode arbitrary bytes.
        byte[] damaged = stream.clone();
        int flips = in.consumeInt(0, 4);
        for (int i = 0; i < flips && damaged.length > 0; i++) {
            damaged[in.consumeInt(0, damaged.length - 1)] ^= (byte) in.consumeInt(1, 255);
        }
        decodeQuietly(damaged, tables, tableIndex, count);
        decodeQuietly(in.consumeRemainingAsBytes(), tables, tableIndex, count);
    }

    private static void decodeQuietly(byte[] stream, CdfTable[] tables, int[] tableIndex, int count) {
        try {
            RansDecoder d = new RansDecoder(stream);
            int[] out = new int[count];
            d.decode(tables, tableIndex, 0, out, 0, count);
            d.finish();
        }
        catch (LciFormatException expected) {
            // damage reported as damage
        }
    }

    /** A valid table: n in-range symbols + escape, frequencies from the fuzzer, normalised to 65536. */
    private static CdfTable validTable(FuzzedDataProvider in) throws LciFormatException {
        int n = in.consumeInt(1, 300);
        int[] freq = new int[n + 1];
        long sum = 0;
        for (int i = 0; i <= n; i++) {
            freq[i] = 1 + (in.consumeInt(0, 1 << 12));
            sum += freq[i];
        }
        int[] cdf = new int[n + 2];
        int budget = CdfTable.TOTAL - (n + 1);
        long acc = 0;
        for (int i = 0; i <= n; i++) {
            acc += freq[i] - 1;
            cdf[i + 1] = (int) (i + 1 + acc * budget / (sum - (n + 1) == 0 ? 1 : sum - (n + 1)));
        }
        if (sum == n + 1) { // every frequency 1: spread evenly
            for (int i = 0; i <= n + 1; i++) {
                cdf[i] = (int) ((long) i * CdfTable.TOTAL / (n + 1));
            }
        }
        cdf[n + 1] = CdfTable.TOTAL;
        return CdfTable.of(cdf, in.consumeInt(-100000, 100000));
    }

    /** Any array at all: CdfTable.of must refuse an invalid one with LciFormatException. */
    private static CdfTable rawTable(FuzzedDataProvider in) throws LciFormatException {
        int len = in.consumeInt(0, 40);
        int[] cdf = new int[len];
        for (int i = 0; i < len; i++) {
            cdf[i] = in.consumeInt(-2, CdfTable.TOTAL + 2);
        }
        return CdfTable.of(cdf, in.consumeInt());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("invariant broken: " + what);
        }
    }
}
