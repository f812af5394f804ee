package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RansCoderTest {

    /** A discretised Laplacian table over [-radius, radius] plus escape. */
    static CdfTable laplace(double scale, int radius) throws LciFormatException {
        int n = 2 * radius + 1;
        double[] p = new double[n + 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(-Math.abs(i - radius) / scale);
            sum += p[i];
        }
        p[n] = sum * 1e-3;
        sum += p[n];
        int[] cdf = new int[n + 2];
        int budget = CdfTable.TOTAL - (n + 1);
        for (int i = 0; i <= n; i++) {
            cdf[i + 1] = cdf[i] + 1 + (int) Math.floor(p[i] / sum * budget);
        }
        cdf[n + 1] = CdfTable.TOTAL;
        return CdfTable.of(cdf, -radius);
    }

    @Test
    void roundTripsMixedTablesWithEscapes() throws Exception {
        CdfTable[] tables = {laplace(0.5, 4), laplace(2, 10), laplace(8, 30)};
        Random rnd = new Random(7);
        int n = 20_001;
        int[] values = new int[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rnd.nextInt(tables.length);
            values[i] = (int) Math.round(rnd.nextGaussian() * (idx[i] + 1) * 3);
            if (i % 997 == 0) {
                values[i] = (i % 2 == 0 ? 1 : -1) * (100_000 + i);
            }
        }
        RansEncoder enc = new RansEncoder();
        enc.encode(values, 0, n, tables, idx, 0);
        byte[] stream = enc.finish();

        RansDecoder bulk = new RansDecoder(stream);
        int[] out = new int[n];
        bulk.decode(tables, idx, 0, out, 0, n);
        bulk.finish();
        assertThat(out).isEqualTo(values);

        RansDecoder single = new RansDecoder(stream);
        for (int i = 0; i < n; i++) {
            assertThat(single.decode(tables[idx[i]])).isEqualTo(values[i]);
        }
        single.finish();
    }

    @Test
    void bulkAndSingleCallsMixAtOddPositions() throws Exception {
        CdfTable t = laplace(3, 8);
        int[] values = new int[101];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7) % 23 - 11;
        }
        RansEncoder enc = new RansEncoder();
        enc.encode(values, 0, values.length, t);
        byte[] stream = enc.finish();
        RansDecoder dec = new RansDecoder(stream);
        int[] out = new int[values.length];
        out[0] = dec.decode(t);
        dec.decode(new CdfTable[] {t}, new int[values.length], 0, out, 1, 50);
        dec.decode(t, out, 51, 50);
        dec.finish();
        assertThat(out).isEqualTo(values);
    }

    @Test
    void extremeEscapesRoundTrip() throws Exception {
        CdfTable t = laplace(1, 2);
        int[] values = {Integer.MAX_VALUE / 2, -(Integer.MAX_VALUE / 2), 3, -3, 0, 2, -2, 1 << 20};
        RansEncoder enc = new RansEncoder();
        enc.encode(values, 0, values.length, t);
        RansDecoder dec = new RansDecoder(enc.finish());
        int[] out = new int[values.length];
        dec.decode(t, out, 0, out.length);
        dec.finish();
        assertThat(out).isEqualTo(values);
    }

    @Test
    void emptyStreamIsTwoInitialStates() throws Exception {
        byte[] s = new RansEncoder().finish();
        assertThat(s).containsExactly(0, 0, 1, 0, 0, 0, 1, 0);
        new RansDecoder(s).finish();
    }

    @Test
    void damagedStreamsGiveTypedErrors() throws Exception {
        CdfTable t = laplace(2, 6);
        RansEncoder enc = new RansEncoder();
        for (int i = 0; i < 500; i++) {
            enc.encode(i % 13 - 6, t);
        }
        byte[] s = enc.finish();
        assertThatThrownBy(() -> new RansDecoder(new byte[5])).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("expected at least 8 bytes");
        byte[] cut = java.util.Arrays.copyOf(s, s.length - 10);
        assertThatThrownBy(() -> {
            RansDecoder d = new RansDecoder(cut);
            d.decode(t, new int[500], 0, 500);
            d.finish();
        }).isInstanceOf(LciFormatException.class);
    }

    @Test
    void rejectsInvalidTables() {
        assertThatThrownBy(() -> CdfTable.of(new int[] {0, 65536}, 0)).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("expected 3..");
        assertThatThrownBy(() -> CdfTable.of(new int[] {0, 5, 5, 65536}, 0)).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> CdfTable.of(new int[] {0, 5, 65535}, 0)).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("65536");
    }
}
