package org.lci.runtime.entropy;

import java.util.List;

import org.lci.format.CdfTable;
import org.lci.format.LciFormatException;
import org.lci.format.RansDecoder;
import org.lci.format.RansEncoder;

/**
 * The deterministic entropy path of one model pack (docs/ARCHITECTURE.md): z symbols against the medians,
 * hyper-synthesis → means and scales, scale index by comparison, y symbols against the means, and the
 * rANS segments of one tile (segment 0 = z, CHW order, table {@code z_tables[c]}; segment 1 + g = channel
 * group g, CHW order within the group, table {@code y_tables[idx]}). Encoder and decoder share every step.
 * Immutable and thread-safe.
 */
public final class EntropyModel {

    private final int m;
    private final int nz;
    private final int[] groupStart;
    private final float[] zMedians;
    private final HyperSynthesis hyperSynthesis;
    private final ScaleTable scales;
    private final CdfTable[] zTables;
    private final CdfTable[] yTables;

    public EntropyModel(int[] groups, float[] zMedians, HyperSynthesis hyperSynthesis, ScaleTable scales,
                        CdfTable[] zTables, CdfTable[] yTables) {
        this.groupStart = new int[groups.length + 1];
        for (int g = 0; g < groups.length; g++) {
            groupStart[g + 1] = groupStart[g] + groups[g];
        }
        this.m = groupStart[groups.length];
        this.nz = zMedians.length;
        if (zTables.length != nz || yTables.length != scales.size() || hyperSynthesis.outChannels() != 2 * m
                || hyperSynthesis.inChannels() != nz) {
            throw new IllegalArgumentException("entropy model: expected " + nz + " z tables, " + scales.size()
                    + " y tables and hyper-synthesis " + nz + " → " + 2 * m + ", found " + zTables.length + ", "
                    + yTables.length + ", " + hyperSynthesis.inChannels() + " → " + hyperSynthesis.outChannels());
        }
        this.zMedians = zMedians.clone();
        this.hyperSynthesis = hyperSynthesis;
        this.scales = scales;
        this.zTables = zTables.clone();
        this.yTables = yTables.clone();
    }

    public int latentChannels() {
        return m;
    }

    public int groupCount() {
        return groupStart.length - 1;
    }

    /** Latent channels held by the first {@code groups} groups. */
    public int channels(int groups) {
        return groupStart[groups];
    }

    /**
     * Latents of one tile as the entropy coder sees them.
     *
     * @param zSymbols hyper-latent symbols {@code [Nz, h/4, w/4]}
     * @param ySymbols latent symbols {@code [C, h, w]} of the first C channels
     * @param yHat     {@code sym + mu}, {@code [C, h, w]}
     * @param scaleIndex Gaussian table index of every latent, {@code [C, h, w]}
     */
    public record TileLatents(int channels, int h, int w, int[] zSymbols, int[] ySymbols, float[] yHat,
                              int[] scaleIndex) { }

    /** Encoder side: quantises {@code y [M,h,w]} and {@code z [Nz,h/4,w/4]} of one tile. */
    public TileLatents quantize(float[] y, float[] z, int h, int w) {
        int[] zs = new int[z.length];
        int plane = z.length / nz;
        for (int c = 0; c < nz; c++) {
            float med = zMedians[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                zs[i] = (int) StrictMath.rint(z[i] - med);
            }
        }
        Params p = parameters(zs, h, w, m);
        int[] ys = new int[m * h * w];
        float[] yHat = new float[ys.length];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (int) StrictMath.rint(y[i] - p.mu[i]);
            yHat[i] = ys[i] + p.mu[i];
        }
        return new TileLatents(m, h, w, zs, ys, yHat, p.idx);
    }

    /** Encoder side: the rANS payloads of segment 0 (z) and of every channel group. */
    public byte[][] encode(TileLatents t) {
        if (t.channels() != m) {
            throw new IllegalArgumentException("entropy model: encoding needs all " + m + " channels, found " + t.channels());
        }
        byte[][] out = new byte[1 + groupCount()][];
        int plane = t.h() * t.w();
        int zPlane = t.zSymbols().length / nz;
        RansEncoder enc = new RansEncoder();
        for (int c = 0; c < nz; c++) {
            enc.encode(t.zSymbols(), c * zPlane, zPlane, zTables[c]);
        }
        out[0] = enc.finish();
        int[] idx = t.scaleIndex();
        for (int g = 0; g < groupCount(); g++) {
            RansEncoder ge = new RansEncoder();
            int from = groupStart[g] * plane;
            ge.encode(t.ySymbols(), from, groupStart[g + 1] * plane - from, yTables, idx, from);
            out[1 + g] = ge.finish();
        }
        return out;
    }

    /**
     * Decoder side: decodes segment 0 and the first {@code groups} group segments of a tile whose latent is
     * {@code h x w}.
     *
     * @param segments segment payloads, index 0 = z, 1 + g = group g (at least 1 + groups of them)
     */
    public TileLatents decode(List<byte[]> segments, int groups, int h, int w) throws LciFormatException {
        int zh = h / 4;
        int zw = w / 4;
        int zPlane = zh * zw;
        int[] zs = new int[nz * zPlane];
        RansDecoder zd = new RansDecoder(segments.get(0));
        for (int c = 0; c < nz; c++) {
            zd.decode(zTables[c], zs, c * zPlane, zPlane);
        }
        zd.finish();
        int channels = groupStart[groups];
        Params p = parameters(zs, h, w, channels);
        int plane = h * w;
        int[] ys = new int[channels * plane];
        for (int g = 0; g < groups; g++) {
            RansDecoder d = new RansDecoder(segments.get(1 + g));
            int from = groupStart[g] * plane;
            d.decode(yTables, p.idx, from, ys, from, groupStart[g + 1] * plane - from);
            d.finish();
        }
        float[] yHat = new float[ys.length];
        for (int i = 0; i < ys.length; i++) {
            yHat[i] = ys[i] + p.mu[i];
        }
        return new TileLatents(channels, h, w, zs, ys, yHat, p.idx);
    }

    private record Params(float[] mu, int[] idx) { }

    /** Means and scale indices of the first {@code channels} latent channels (only those are computed). */
    private Params parameters(int[] zSymbols, int h, int w, int channels) {
        float[] raw = hyperOutput(zSymbols, h, w, channels);
        int plane = h * w;
        float[] mu = java.util.Arrays.copyOf(raw, channels * plane);
        int[] idx = new int[channels * plane];
        int base = m * plane;
        for (int i = 0; i < idx.length; i++) {
            idx[i] = scales.index(raw[base + i]);
        }
        return new Params(mu, idx);
    }

    private float[] hyperOutput(int[] zSymbols, int h, int w, int channels) {
        int zh = h / 4;
        int zw = w / 4;
        if (zSymbols.length != nz * zh * zw || hyperSynthesis.outSize(zh) != h || hyperSynthesis.outSize(zw) != w) {
            throw new IllegalArgumentException("entropy model: latent " + h + "x" + w + " does not match hyper-latent of "
                    + zSymbols.length + " symbols");
        }
        float[] zHat = new float[zSymbols.length];
        int zPlane = zh * zw;
        for (int c = 0; c < nz; c++) {
            float med = zMedians[c];
            for (int i = c * zPlane; i < (c + 1) * zPlane; i++) {
                zHat[i] = zSymbols[i] + med;
            }
        }
        return hyperSynthesis.apply(zHat, zh, zw, oc -> oc < channels || oc >= m && oc < m + channels);
    }
}
