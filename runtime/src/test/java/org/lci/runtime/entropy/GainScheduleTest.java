package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GainScheduleTest {

    private final float[][] gains = {{1f, 2f}, {4f, 8f}, {16f, 32f}};
    private final GainSchedule schedule = new GainSchedule(gains, gains);

    @Test
    void endsAndAnchorsAreExact() {
        assertThat(schedule.gain(0)).containsExactly(1f, 2f);
        assertThat(schedule.gain(65535)).containsExactly(16f, 32f);
        // t = 32768/65535 * 2 is just above 1: within a hair of the middle anchor
        assertThat(schedule.gain(32768)[0]).isCloseTo(4f, org.assertj.core.data.Offset.offset(1e-3f));
    }

    @Test
    void betweenAnchorsIsGeometric() {
        int q16 = 16384; // t ≈ 0.5 between anchor 0 and 1
        double t = q16 / 65535.0 * 2;
        float expected = (float) (StrictMath.pow(1, 1 - t) * StrictMath.pow(4, t));
        assertThat(schedule.gain(q16)[0]).isEqualTo(expected);
        assertThat(schedule.inverseGain(q16)[1]).isEqualTo((float) (StrictMath.pow(2, 1 - t) * StrictMath.pow(8, t)));
    }
}
