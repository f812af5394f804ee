package org.lci.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lci.format.vectors.ConformanceVectors;
import org.lci.format.vectors.ConformanceVectors.ContainerVector;
import org.lci.format.vectors.ConformanceVectors.EntropyVector;

/**
 * Seeded random damage to the valid vectors: flipped bits, overwritten bytes, cuts, deletions,
 * insertions. Reading everything must either succeed or throw LciFormatException; any other
 * throwable (or an OutOfMemoryError) fails the test.
 */
class MutationTest {
    private static final int CASES = 6000;

    @Test
    void damagedContainersOnlyEverThrowTheTypedException() throws IOException {
        List<ContainerVector> valid = ConformanceVectors.containers().stream().filter(ContainerVector::valid).toList();
        Random rnd = new Random(20261126);
        int failures = 0;
        for (int i = 0; i < CASES; i++) {
            ContainerVector v = valid.get(rnd.nextInt(valid.size()));
            byte[] damaged = mutate(v.file(), rnd);
            try {
                readEverything(damaged, v.content().tables().toArray(new CdfTable[0]));
            } catch (LciFormatException expected) {
                failures++;
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (" + v.name() + ") threw " + t, t);
            }
        }
        assertThat(failures).as("most damage must be detected").isGreaterThan(CASES / 2);
    }

    @Test
    void damagedEntropyStreamsOnlyEverThrowTheTypedException() throws IOException {
        Random rnd = new Random(7);
        for (EntropyVector v : ConformanceVectors.entropy()) {
            CdfTable[] tables = v.tables().toArray(new CdfTable[0]);
            for (int i = 0; i < 500; i++) {
                byte[] damaged = mutate(v.stream(), rnd);
                try {
                    RansDecoder d = new RansDecoder(damaged);
                    d.decode(tables, v.tableIndex(), 0, new int[v.values().length], 0, v.values().length);
                    d.finish();
                } catch (LciFormatException expected) {
                    // the typed error is the only acceptable failure
                } catch (Throwable t) {
                    throw new AssertionError(v.name() + " case " + i + " threw " + t, t);
                }
            }
        }
    }

    /** Everything a decoder would do: open, metadata, alpha, every segment decoded with some tables. */
    static void readEverything(byte[] file, CdfTable[] tables) throws IOException {
        try (LciReader r = LciReader.open(RandomAccessSource.of(file))) {
            r.chunks();
            r.alphaPlane();
            int[] idx = new int[64];
            int[] out = new int[64];
            for (int t = 0; t < r.tileGrid().tileCount(); t++) {
                for (int s = 0; s < r.header().segmentsPerTile(); s++) {
                    if (!r.isSegmentAvailable(t, s)) {
                        continue;
                    }
                    RansDecoder d = new RansDecoder(r.readSegment(t, s));
                    for (int k = 0; k < idx.length; k++) {
                        idx[k] = k % tables.length;
                    }
                    d.decode(tables, idx, 0, out, 0, 16);
                    d.finish();
                }
            }
            r.verifyAll();
        }
    }

    static byte[] mutate(byte[] f, Random rnd) {
        byte[] out = f.clone();
        int kind = rnd.nextInt(6);
        int at = rnd.nextInt(Math.max(1, f.length));
        switch (kind) {
            case 0 -> out[at] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> {
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> out = Arrays.copyOf(f, at);
            case 3 -> {
                int n = Math.min(f.length - at, 1 + rnd.nextInt(8));
                out = new byte[f.length - n];
                System.arraycopy(f, 0, out, 0, at);
                System.arraycopy(f, at + n, out, at, f.length - at - n);
            }
            case 4 -> {
                byte[] add = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(add);
                out = new byte[f.length + add.length];
                System.arraycopy(f, 0, out, 0, at);
                System.arraycopy(add, 0, out, at, add.length);
                System.arraycopy(f, at, out, at + add.length, f.length - at);
            }
            default -> {
                // Large values in a length-like place: stress the limits.
                int p = Math.min(at, Math.max(0, f.length - 4));
                for (int k = 0; k < 4 && p + k < out.length; k++) {
                    out[p + k] = (byte) (rnd.nextBoolean() ? 0xFF : 0x7F);
                }
            }
        }
        return out;
    }
}
