package org.lci.runtime.entropy;

/**
 * Quality → gain vectors, by the normative rule of docs/ARCHITECTURE.md: with {@code t = q16/65535 * (L-1)},
 * {@code i = min(floor(t), L-2)}, {@code f = t - i}: {@code g[c] = gains[i][c]^(1-f) * gains[i+1][c]^f},
 * in float64 with StrictMath, then cast to float32. Gains only feed ONNX Runtime, never the entropy path.
 */
public final class GainSchedule {

    private final float[][] gains;
    private final float[][] inverseGains;

    /** @param gains {@code [L][M]}, @param inverseGains {@code [L][M]}, L ≥ 1 */
    public GainSchedule(float[][] gains, float[][] inverseGains) {
        if (gains.length == 0 || gains.length != inverseGains.length) {
            throw new IllegalArgumentException("gain schedule: expected L >= 1 anchors for gains and inverse gains, found "
                    + gains.length + " and " + inverseGains.length);
        }
        this.gains = gains;
        this.inverseGains = inverseGains;
    }

    public int anchors() {
        return gains.length;
    }

    /** Gain vector {@code [M]} for quality q16 in 0..65535. */
    public float[] gain(int q16) {
        return interpolate(gains, q16);
    }

    /** Inverse gain vector {@code [M]} for quality q16 in 0..65535. */
    public float[] inverseGain(int q16) {
        return interpolate(inverseGains, q16);
    }

    private static float[] interpolate(float[][] anchors, int q16) {
        if (q16 < 0 || q16 > 65535) {
            throw new IllegalArgumentException("q16: expected 0..65535, found " + q16);
        }
        int l = anchors.length;
        if (l == 1) {
            return anchors[0].clone();
        }
        double t = q16 / 65535.0 * (l - 1);
        int i = Math.min((int) StrictMath.floor(t), l - 2);
        double f = t - i;
        float[] a = anchors[i];
        float[] b = anchors[i + 1];
        float[] g = new float[a.length];
        for (int c = 0; c < g.length; c++) {
            g[c] = (float) (StrictMath.pow(a[c], 1 - f) * StrictMath.pow(b[c], f));
        }
        return g;
    }
}
