package org.lci.bench.jmh;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.lci.runtime.entropy.ConvLayer;
import org.lci.runtime.entropy.HyperSynthesis;
import org.lci.runtime.entropy.LayerThreads;
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
 * The strict-float32 hyper-synthesis of format-1 packs (the v1 default model) on one Kodak-sized tile: z of 64
 * channels at 12×8 → 2 × conv-transpose 4×4 stride 2 (64, ReLU) → conv 3×3 → 192 means and scales at 48×32,
 * random weights (the cost does not depend on them). {@code full} computes all 192 outputs, {@code tier2} the
 * 32 means and 32 scales a 1/4-size decode needs.
 *
 * <pre>java -jar bench/target/lci-bench.jar HyperSynthesisBenchmark -p threads=1,2</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HyperSynthesisBenchmark {

    static final int NZ = 64;
    static final int M = 96;

    @Param({"1", "2"})
    public int threads;

    HyperSynthesis synthesis;
    LayerThreads layerThreads;
    float[] z;

    private static float[] randoms(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(1);
        synthesis = new HyperSynthesis(List.of(
                new ConvLayer(true, NZ, 64, 4, 2, 1, 0, true, randoms(r, NZ * 64 * 16, 0.05), randoms(r, 64, 0.1)),
                new ConvLayer(true, 64, 64, 4, 2, 1, 0, true, randoms(r, 64 * 64 * 16, 0.05), randoms(r, 64, 0.1)),
                new ConvLayer(false, 64, 2 * M, 3, 1, 1, 0, false, randoms(r, 64 * 2 * M * 9, 0.05),
                        randoms(r, 2 * M, 0.1))));
        layerThreads = new LayerThreads(threads);
        z = randoms(r, NZ * 8 * 12, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layerThreads.close();
    }

    /** The channels a decoder asks for, as {@code HyperpriorParameters} does: n means, then n scales. */
    private static int[] meansAndScales(int n) {
        return java.util.stream.IntStream.range(0, 2 * n).map(c -> c < n ? c : M + c - n).toArray();
    }

    @Benchmark
    public float full() {
        return synthesis.applyChannels(z, 8, 12, meansAndScales(M), layerThreads)[0];
    }

    @Benchmark
    public float tier2() {
        return synthesis.applyChannels(z, 8, 12, meansAndScales(32), layerThreads)[0];
    }
}
