package org.lci.reliability;

import org.junit.jupiter.api.Test;
import org.lci.runtime.LciCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads sharing one codec and model pack give, operation for operation, exactly the single-threaded results, with
 * no errors. The full 8 × 200 run with throughput and resident-memory sampling is {@link LoadBench}.
 */
class ConcurrencyTest {
    @Test
    void fourThreadsOfMixedEncodesAndDecodesMatchTheSingleThreadedRun() throws Exception {
        try (LciCodec codec = Fixtures.newTinyCodec(1)) {
            MixedWorkload w = new MixedWorkload(codec).reference();
            MixedWorkload.Result r = w.run(4, 20);
            assertThat(r.problems()).isEmpty();
            assertThat(r.ops()).isEqualTo(80);
        }
    }

    @Test
    void aCodecWithParallelTilesGivesTheSameResults() throws Exception {
        // tiles coded on the codec's own pool while callers run concurrently
        try (LciCodec single = Fixtures.newTinyCodec(1); LciCodec pooled = Fixtures.newTinyCodec(3)) {
            MixedWorkload reference = new MixedWorkload(single).reference();
            MixedWorkload parallel = new MixedWorkload(pooled).reference();
            MixedWorkload.Result r = parallel.run(3, 12);
            assertThat(r.problems()).isEmpty();
            assertThat(parallel.expectedDigests()).isEqualTo(reference.expectedDigests());
        }
    }
}
