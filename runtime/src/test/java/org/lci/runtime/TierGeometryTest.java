package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lci.format.LciHeader;
import org.lci.format.LciWriter;
import org.lci.format.Tier;

/** Tier sizes come from the scales the file declares (SPEC.md: a free scale_log2 per tier), not from 2^k. */
class TierGeometryTest {

    @Test
    void tierSizesFollowTheDeclaredScales() throws Exception {
        // tier 1 at scale_log2 2: a quarter of the size, although it is the second tier
        LciHeader h = LciHeader.builder(401, 299).tiers(List.of(new Tier(0, 2), new Tier(2, 1))).build();
        int tiles = h.tileGrid().tileCount();
        byte[][][] seg = new byte[tiles][3][];
        for (byte[][] t : seg) {
            for (int s = 0; s < 3; s++) {
                t[s] = new byte[8];
            }
        }
        byte[] file = LciWriter.toBytes(h, seg);
        LciInfo info = TestPacks.tinyCodec().readInfo(file);
        assertThat(info.tierCount()).isEqualTo(2);
        assertThat(info.tierScaleLog2(1)).isEqualTo(2);
        assertThat(info.tierWidth(1)).isEqualTo(101).isEqualTo(h.tierWidth(1));
        assertThat(info.tierHeight(1)).isEqualTo(75).isEqualTo(h.tierHeight(1));
        assertThat(info.tierWidth(0)).isEqualTo(401);
    }
}
