package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lci.format.CdfTable;
import org.lci.format.LciFormatException;

class RateDistortionRoundingTest {

    /** Values -2..2 with frequencies 1000, 8000, 47000, 8000, 1000, escape 536: 0 costs 0.48 bits, ±1 3.03. */
    private static CdfTable table() throws LciFormatException {
        return CdfTable.of(new int[] {0, 1000, 9000, 56000, 64000, 65000, 65536}, -2);
    }

    /** Equal inverse gains: every channel weighs 1. */
    private static final RateDistortionRounding EVEN = RateDistortionRounding.forInverseGains(new float[] {0.5f, 0.5f});

    @Test
    void stepsTowardsTheMeanOnlyWhenTheBitsSavedOutweighTheError() throws Exception {
        // r = 0.51: 0.02 more squared error against 2.55 bits * 0.02 = 0.051 saved → 0
        assertThat(EVEN.symbol(0.51, 0, table())).isZero();
        assertThat(EVEN.symbol(-0.51, 0, table())).isZero();
        // r = 0.55: 0.10 more error → keeps 1
        assertThat(EVEN.symbol(0.55, 0, table())).isEqualTo(1);
        assertThat(EVEN.symbol(-0.55, 0, table())).isEqualTo(-1);
        assertThat(EVEN.symbol(0.2, 0, table())).isZero();
    }

    @Test
    void neverMoreThanOneStep() throws Exception {
        // channel 0 weighs ~2e-6: any step pays, yet 2.4 goes to 1, not to 0 (which would save even more bits)
        RateDistortionRounding cheap = RateDistortionRounding.forInverseGains(new float[] {0.01f, 10f});
        assertThat(cheap.symbol(2.4, 0, table())).isEqualTo(1);
        assertThat(cheap.symbol(-2.4, 0, table())).isEqualTo(-1);
        assertThat(cheap.symbol(2.4, 1, table())).isEqualTo(2);
    }

    @Test
    void channelsThatWeighMoreInTheImageKeepTheirRounding() throws Exception {
        // inverse gains 1 and 3: weights 1/5 and 9/5 of the mean; r = 0.52 costs 0.04 more squared error
        RateDistortionRounding r = RateDistortionRounding.forInverseGains(new float[] {1f, 3f});
        assertThat(r.symbol(0.52, 0, table())).isZero();          // 0.2 * 0.04 = 0.008 < 0.051
        assertThat(r.symbol(0.52, 1, table())).isEqualTo(1);      // 1.8 * 0.04 = 0.072 > 0.051
    }

    @Test
    void anEscapedValueIsPricedAtItsEscapeSymbolAlone() throws Exception {
        // 3 is escaped: at least 6.93 bits (escape frequency 536) against 6.03 for 2, so >= 0.90 bits saved
        assertThat(EVEN.symbol(2.505, 0, table())).isEqualTo(2);   // 0.010 more error < 0.018
        assertThat(EVEN.symbol(2.51, 0, table())).isEqualTo(3);    // 0.020 more error > 0.018
        assertThat(EVEN.symbol(-3.6, 0, table())).isEqualTo(-4);   // -4 and -3 both escaped: the nearest
    }

    @Test
    void nearestNeverSteps() throws Exception {
        RateDistortionRounding nearest = RateDistortionRounding.nearest(2);
        assertThat(nearest.symbol(0.51, 0, table())).isEqualTo(1);
        assertThat(nearest.symbol(-2.505, 1, table())).isEqualTo(-3);
        assertThat(nearest.channels()).isEqualTo(2);
    }

    @Test
    void tableFrequencyOfAnEscapedValueIsTheEscapeSymbols() throws Exception {
        assertThat(table().frequency(0)).isEqualTo(47000);
        assertThat(table().frequency(-2)).isEqualTo(1000);
        assertThat(table().frequency(3)).isEqualTo(536);
        assertThat(table().frequency(-1000)).isEqualTo(536);
    }
}
