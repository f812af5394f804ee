package org.lci.runtime.entropy;

import org.lci.format.CdfTable;

/**
 * The encoder's choice of each latent symbol (the decoder never sees it: any symbol decodes). Plain rounding
 * {@code s0 = rint(y - mu)} minimises the latent's error but not its cost in bits; one step towards the mean,
 * {@code s1 = s0 - sign(s0)}, is cheaper to code. The encoder keeps {@code s1} when
 * {@code w_c * ((r - s1)^2 - (r - s0)^2) < price * log2(f(s1) / f(s0))} (the bits saved), with {@code r = y - mu},
 * {@code f} the frequencies of the latent's own table and {@code w_c} the channel's weight in the decoded
 * image: the synthesis reads {@code y_hat * inverse_gain}, so an error in channel c counts
 * {@code inverse_gain[c]^2} times (normalised to mean 1 over the channels). An escaped {@code s0} is priced at its
 * escape symbol alone, a lower bound, so the rule steps only where it pays even then; an {@code s1} outside the
 * table keeps {@code s0}.
 *
 * <p>Used for format-2 (v2) packs, on which it was tuned and measured; format-1 packs keep plain rounding.
 *
 * <p>{@link #BIT_PRICE} was chosen on eight training photographs (not Kodak): with estimated bits and the
 * v2m256w model, this rule against plain rounding is a BD-rate of −0.80 / −0.99 / −0.86 % at prices 0.01 /
 * 0.02 / 0.03 (training-export/README, "Encoder-side rounding"; {@code lci_train.rounding} is this rule in Python,
 * with model likelihoods for the table frequencies). A fixed dead zone lost instead (+3.6 % on three Kodak images,
 * a one-off script), because the synthesis was trained on exact rounding and punishes large errors.
 */
public final class RateDistortionRounding {

    /** Price of one bit in squared latent units (weight-normalised); tuned, see the class comment. */
    public static final double BIT_PRICE = 0.02;

    private static final double LN2 = StrictMath.log(2);

    private final float[] weight;
    private final double price;

    private RateDistortionRounding(float[] weight, double price) {
        this.weight = weight;
        this.price = price;
    }

    /** The rule for the inverse gains {@code [M]} of one quality, at {@link #BIT_PRICE}. */
    public static RateDistortionRounding forInverseGains(float[] inverseGain) {
        double mean = 0;
        for (float g : inverseGain) {
            mean += (double) g * g;
        }
        mean /= inverseGain.length;
        float[] w = new float[inverseGain.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = mean > 0 ? (float) ((double) inverseGain[c] * inverseGain[c] / mean) : 1f;
        }
        return new RateDistortionRounding(w, BIT_PRICE);
    }

    /** Plain rounding to the nearest symbol: never steps towards the mean. */
    public static RateDistortionRounding nearest(int channels) {
        return new RateDistortionRounding(new float[channels], 0);
    }

    /** Latent channels this rule has weights for. */
    public int channels() {
        return weight.length;
    }

    /** The symbol to code for the residual {@code r = y - mu} of a latent of channel c coded with {@code table}. */
    public int symbol(double r, int c, CdfTable table) {
        int s0 = (int) StrictMath.rint(r);
        if (s0 == 0 || price == 0) {
            return s0;
        }
        int s1 = s0 - Integer.signum(s0);
        if (s1 < table.minValue() || s1 > table.maxValue()) {
            return s0;          // both escaped: their table costs are alike, the nearest one errs less
        }
        double extraError = weight[c] * ((r - s1) * (r - s1) - (r - s0) * (r - s0));
        double savedBits = StrictMath.log((double) table.frequency(s1) / table.frequency(s0)) / LN2;
        return extraError < price * savedBits ? s1 : s0;
    }
}
