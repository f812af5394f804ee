package org.lci.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The decode paths of {@link EntropyDecodeBenchmark} timed by this thread's CPU time instead of
 * wall time, best of N rounds. On a shared, oversubscribed machine wall-clock JMH scores mostly
 * measure the other jobs; CPU time measures the decoder on the core it actually got.
 *
 * <p>{@code java -cp bench/target/lci-bench.jar org.lci.bench.jmh.EntropyDecodeCpuTime [rounds]}
 */
public final class EntropyDecodeCpuTime {
    private EntropyDecodeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        EntropyDecodeBenchmark b = new EntropyDecodeBenchmark();
        b.setUp();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] names = {"bulk", "perSymbol", "straightforward"};
        double[] best = new double[names.length];
        int sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < names.length; v++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int k = 0; k < 10; k++) {
                    sink += v == 0 ? b.bulk() : v == 1 ? b.perSymbol() : b.straightforward();
                }
                double seconds = (cpu.getCurrentThreadCpuTime() - t0) / 1e9;
                best[v] = Math.max(best[v], 10.0 * EntropyDecodeBenchmark.SYMBOLS / seconds);
            }
        }
        for (int v = 0; v < names.length; v++) {
            System.out.printf("%-16s %7.1f M symbols/s (best of %d, thread CPU time)%n", names[v], best[v] / 1e6, rounds);
        }
        System.out.println(sink == 42 ? "" : "");
    }
}
