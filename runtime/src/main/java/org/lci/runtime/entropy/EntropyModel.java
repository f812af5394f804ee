package org.lci.runtime.entropy;

import java.util.List;

import org.lci.format.CdfTable;
import org.lci.format.LciFormatException;
import org.lci.format.RansDecoder;
import org.lci.format.RansEncoder;

/**
 * The deterministic entropy path of one model pack: z symbols against the medians, then group by group the
 * means and scale indexes from the pack's {@link ParameterModel} (format 1: float32 hyper-synthesis from z;
 * format 2: integer heads that also read the earlier groups), y symbols against the means, and the
 * rANS segments of one tile (segment 0 = z, CHW order, table {@code z_tables[c]}; segment 1 + g = channel
 * group g, CHW order within the group, table {@code y_tables[idx]}). Encoder and decoder share every step.
 * Immutable and thread-safe.
 */
public final class EntropyModel {

    private final int m;
    private final int nz;
    private final int[] groupStart;
    private final float[] zMedians;
    private final ParameterModel parameters;
    private final CdfTable[] zTables;
    private final CdfTable[] yTables;
    private final LayerThreads threads;

    /** @param threads threads one tile's parameter layers may use (the codec's, bounded by its options) */
    public EntropyModel(int[] groups, float[] zMedians, ParameterModel parameters, CdfTable[] zTables,
                        CdfTable[] yTables, LayerThreads threads) {
        this.threads = threads;
        this.groupStart = new int[groups.length + 1];
        for (int g = 0; g < groups.length; g++) {
            groupStart[g + 1] = groupStart[g] + groups[g];
        }
        this.m = groupStart[groups.length];
        this.nz = zMedians.length;
        if (zTables.length != nz || parameters.latentChannels() != m || parameters.hyperChannels() != nz) {
            throw new IllegalArgumentException("entropy model: expected " + nz + " z tables and a parameter model "
                    + nz + " → " + m + ", found " + zTables.length + " and " + parameters.hyperChannels() + " → "
                    + parameters.latentChannels());
        }
        this.zMedians = zMedians.clone();
        this.parameters = parameters;
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

    /**
     * Encoder side: quantises {@code y [M,h,w]} and {@code z [Nz,h/4,w/4]} of one tile, choosing each latent's
     * symbol by {@code rounding} (z is always rounded to the nearest).
     */
    public TileLatents quantize(float[] y, float[] z, int h, int w, RateDistortionRounding rounding) {
        if (rounding.channels() != m) {
            throw new IllegalArgumentException("entropy model: rounding rule for " + rounding.channels()
                    + " channels, expected " + m);
        }
        int[] zs = new int[z.length];
        int plane = z.length / nz;
        for (int c = 0; c < nz; c++) {
            float med = zMedians[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                zs[i] = (int) StrictMath.rint(z[i] - med);
            }
        }
        int yPlane = h * w;
        int[] ys = new int[m * yPlane];
        float[] yHat = new float[ys.length];
        int[] idx = new int[ys.length];
        ParameterModel.Tile tile = parameters.start(zs, h, w, m, threads);
        for (int g = 0; g < groupCount(); g++) {
            ParameterModel.Group p = tile.group(g, groupStart[g], groupStart[g + 1], ys);
            int base = groupStart[g] * yPlane;
            for (int i = 0; i < p.mu().length; i++) {
                int s = rounding.symbol(y[base + i] - p.mu()[i], groupStart[g] + i / yPlane, yTables[p.index()[i]]);
                ys[base + i] = s;
                yHat[base + i] = s + p.mu()[i];
            }
            System.arraycopy(p.index(), 0, idx, base, p.index().length);
        }
        return new TileLatents(m, h, w, zs, ys, yHat, idx);
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
        try {
            RansDecoder zd = new RansDecoder(segments.get(0));
            for (int c = 0; c < nz; c++) {
                zd.decode(zTables[c], zs, c * zPlane, zPlane);
            }
            zd.finish();
        } catch (LciFormatException e) {
            throw new LciFormatException(org.lci.format.LciReader.segmentName(0) + ": " + e.getMessage(), e);
        }
        int channels = groupStart[groups];
        int plane = h * w;
        int[] ys = new int[channels * plane];
        float[] yHat = new float[ys.length];
        int[] idx = new int[ys.length];
        ParameterModel.Tile tile = parameters.start(zs, h, w, channels, threads);
        for (int g = 0; g < groups; g++) {
            ParameterModel.Group p = tile.group(g, groupStart[g], groupStart[g + 1], ys);
            int from = groupStart[g] * plane;
            System.arraycopy(p.index(), 0, idx, from, p.index().length);
            try {
                RansDecoder d = new RansDecoder(segments.get(1 + g));
                d.decode(yTables, idx, from, ys, from, groupStart[g + 1] * plane - from);
                d.finish();
            } catch (LciFormatException e) {
                throw new LciFormatException(org.lci.format.LciReader.segmentName(1 + g) + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < p.mu().length; i++) {
                yHat[from + i] = ys[from + i] + p.mu()[i];
            }
        }
        return new TileLatents(channels, h, w, zs, ys, yHat, idx);
    }
}
