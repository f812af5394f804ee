package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.lci.format.CdfTable;
import org.lci.format.RepoFiles;
import org.lci.runtime.core.PackRuntime;
import org.lci.runtime.pack.ModelPack;
import org.lci.runtime.pack.PackSource;

/**
 * {@link EntropyModel#quantize} with a {@link RateDistortionRounding}, on the tiny format-2 pack (several channel
 * groups, each group's means depending on the earlier groups' symbols): every symbol is the rule's choice for its
 * own channel, table and mean, and plain rounding is what {@code nearest} gives.
 */
class QuantizeRoundingTest {

    private static final int H = 4;
    private static final int W = 4;

    @Test
    void everySymbolIsTheRulesChoiceForItsChannelTableAndMean() throws Exception {
        ModelPack pack = PackSource.file(RepoFiles.root().resolve("testdata/packs/tinycc.lcipack")).load();
        assertThat(pack.groups().length).isGreaterThan(1);
        EntropyModel em = PackRuntime.entropyModel(pack, LayerThreads.NONE);
        CdfTable[] yTables = new CdfTable[pack.entropy().yTables().size()];   // the rule's view of each table
        for (int i = 0; i < yTables.length; i++) {
            yTables[i] = CdfTable.of(pack.entropy().yTables().get(i).cdf(), pack.entropy().yTables().get(i).offset());
        }
        int m = em.latentChannels();
        int plane = H * W;
        Random r = new Random(3);
        float[] y = new float[m * plane];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (r.nextGaussian() * 2.5);
        }
        float[] z = new float[pack.zMedians().length * (H / 4) * (W / 4)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (r.nextGaussian() * 2);
        }
        // channels weigh ~0 or ~2 in the image, at random (no pattern a group offset could map onto itself):
        // only the light ones should step
        boolean[] light = new boolean[m];
        float[] inverseGain = new float[m];
        for (int c = 0; c < m; c++) {
            light[c] = r.nextBoolean();
            inverseGain[c] = light[c] ? 0.01f : 1f;
        }
        RateDistortionRounding rule = RateDistortionRounding.forInverseGains(inverseGain);

        EntropyModel.TileLatents nearest = em.quantize(y, z, H, W, RateDistortionRounding.nearest(m));
        EntropyModel.TileLatents chosen = em.quantize(y, z, H, W, rule);
        int stepsLight = 0;
        int stepsHeavy = 0;
        for (int i = 0; i < y.length; i++) {
            float mu = nearest.yHat()[i] - nearest.ySymbols()[i];
            if (i < pack.groups()[0] * plane) {   // group 0's means do not depend on any symbol
                assertThat(nearest.ySymbols()[i]).isEqualTo((int) StrictMath.rint(y[i] - mu));
            }
            float muChosen = chosen.yHat()[i] - chosen.ySymbols()[i];
            int c = i / plane;                    // CHW over all M channels
            int expected = rule.symbol(y[i] - muChosen, c, yTables[chosen.scaleIndex()[i]]);
            assertThat(chosen.ySymbols()[i]).as("latent %d (channel %d)", i, c).isEqualTo(expected);
            int s0 = (int) StrictMath.rint(y[i] - muChosen);
            if (chosen.ySymbols()[i] != s0) {
                assertThat(chosen.ySymbols()[i]).isEqualTo(s0 - Integer.signum(s0));
                if (light[c]) {
                    stepsLight++;
                } else {
                    stepsHeavy++;
                }
            }
        }
        assertThat(stepsLight).isGreaterThan(10 * Math.max(1, stepsHeavy));
        assertThat(chosen.zSymbols()).containsExactly(nearest.zSymbols());
    }

    @Test
    void aRuleForAnotherChannelCountIsRefused() throws Exception {
        ModelPack pack = PackSource.file(RepoFiles.root().resolve("testdata/packs/tinycc.lcipack")).load();
        EntropyModel em = PackRuntime.entropyModel(pack, LayerThreads.NONE);
        int m = em.latentChannels();
        assertThatThrownBy(() -> em.quantize(new float[m * 16], new float[pack.zMedians().length], 4, 4,
                RateDistortionRounding.nearest(m + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounding rule for " + (m + 1) + " channels");
    }
}
