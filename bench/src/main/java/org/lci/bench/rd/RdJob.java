package org.lci.bench.rd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a jobs file (tab-separated):
 * {@code source.png  quality  coded-out  decoded-prefix  tiers}, tiers a comma list such as {@code 0,1,2}.
 * Each tier k is decoded to {@code decoded-prefix + ".t" + k + ".png"}.
 */
record RdJob(Path source, double quality, Path coded, String decodedPrefix, List<Integer> tiers) {

    static RdJob parse(String line, int lineNo) {
        String[] f = line.split("\t");
        if (f.length != 5) {
            throw new IllegalArgumentException("jobs line " + lineNo + ": expected 5 tab-separated fields "
                    + "(source, quality, coded, decoded prefix, tiers), found " + f.length);
        }
        List<Integer> tiers = new ArrayList<>();
        for (String t : f[4].split(",")) {
            tiers.add(Integer.parseInt(t.trim()));
        }
        return new RdJob(Path.of(f[0]), Double.parseDouble(f[1]), Path.of(f[2]), f[3], List.copyOf(tiers));
    }

    Path decoded(int tier) {
        return Path.of(decodedPrefix + ".t" + tier + ".png");
    }
}
