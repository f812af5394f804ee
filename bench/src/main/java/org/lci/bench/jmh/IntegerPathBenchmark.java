package org.lci.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.lci.runtime.entropy.ChannelConditionalParameters;
import org.lci.runtime.entropy.IntLayer;
import org.lci.runtime.entropy.LayerThreads;
import org.lci.runtime.entropy.ParameterModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The integer entropy-parameter path of model v2 (format-2 packs, SPEC.md 8.1) on one Kodak-sized tile
 * (768×512: a 48×32 latent grid), with the layer shapes of config {@code v2m256w}, the default pack's since the
 * seventh session (Nz 128, hyper width 128, groups 16/16/32/64/128, head width 64), and random int8 weights: the
 * cost does not depend on the values.
 * {@code allGroups} is a full-size decode's path, {@code tier2Groups} the first two groups (a 1/4-size decode).
 * Budget (issue 11): ≤ 100 ms per Kodak image on 2 cores.
 *
 * <pre>java -jar bench/target/lci-bench.jar IntegerPathBenchmark -p threads=1,2</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IntegerPathBenchmark {

    static final int[] GROUPS = {16, 16, 32, 64, 128};
    static final int NZ = 128;
    static final int FEATURES = 128;
    static final int WIDTH = 64;
    static final int H = 32;
    static final int W = 48;

    @Param({"1", "2"})
    public int threads;

    ChannelConditionalParameters path;
    LayerThreads layerThreads;
    int[] z;
    int[] y;

    private static int[] int8(Random r, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(255) - 127;
        }
        return a;
    }

    private static int[] mult(int out) {
        int[] mult = new int[out];
        java.util.Arrays.fill(mult, 1 << 16);
        return mult;
    }

    private static IntLayer layer(Random r, List<IntLayer.Part> parts, int out, int min, int max) {
        return new IntLayer(parts, out, new int[out], 30, min, max);
    }

    private static IntLayer.Part conv(Random r, int in, int out, int k) {
        return new IntLayer.Part(false, in, k, int8(r, in * out * k * k), mult(out));
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(1);
        List<IntLayer> hyper = List.of(
                layer(r, List.of(new IntLayer.Part(true, NZ, 4, int8(r, NZ * FEATURES * 16), mult(FEATURES))), FEATURES, 0, 255),
                layer(r, List.of(new IntLayer.Part(true, FEATURES, 4, int8(r, FEATURES * FEATURES * 16), mult(FEATURES))),
                        FEATURES, 0, 255));
        List<ChannelConditionalParameters.Head> heads = new ArrayList<>();
        int prev = 0;
        for (int c : GROUPS) {
            List<IntLayer.Part> first = new ArrayList<>(List.of(conv(r, FEATURES, WIDTH, 1)));
            if (prev > 0) {
                first.add(conv(r, prev, WIDTH, 3));
            }
            heads.add(new ChannelConditionalParameters.Head(layer(r, first, WIDTH, 0, 255),
                    layer(r, List.of(conv(r, WIDTH, WIDTH, 1)), WIDTH, 0, 255),
                    layer(r, List.of(conv(r, WIDTH, c, 1)), c, -(1 << 20), 1 << 20),
                    layer(r, List.of(conv(r, WIDTH, c, 1)), c, 0, 63)));
            prev += c;
        }
        int[] med = new int[NZ];
        path = new ChannelConditionalParameters(GROUPS, med, hyper, heads,
                new ChannelConditionalParameters.Constants(6, 4, 2048, 16, 4096));
        layerThreads = new LayerThreads(threads);
        z = new int[NZ * (H / 4) * (W / 4)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (int) Math.rint(r.nextGaussian() * 2);
        }
        y = new int[prev * H * W];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) Math.rint(r.nextGaussian() * 2);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layerThreads.close();
    }

    private int run(int groups) {
        ParameterModel.Tile t = path.start(z, H, W, path.latentChannels(), layerThreads);
        int from = 0;
        int sum = 0;
        for (int g = 0; g < groups; g++) {
            sum += t.group(g, from, from + GROUPS[g], y).index()[0];
            from += GROUPS[g];
        }
        return sum;
    }

    @Benchmark
    public int allGroups() {
        return run(GROUPS.length);
    }

    @Benchmark
    public int tier2Groups() {
        return run(2);
    }
}
