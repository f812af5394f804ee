package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lci.format.LciFormatException;
import org.lci.format.LciHeader;
import org.lci.format.LciLimits;
import org.lci.format.LciReader;
import org.lci.format.LciWriter;
import org.lci.format.RandomAccessSource;
import org.lci.format.Tier;

/**
 * One 4096 x 4096 tile needs about 8 GB of model activations: the default limits refuse such a file where its
 * header is read (naming the limit), and the encoder refuses to write one, until the limit is raised.
 */
class TileLimitTest {
    @Test
    void hugeTilesAreRefusedByDefaultOnBothSides() throws Exception {
        LciHeader h = LciHeader.builder(4096, 4096).tiers(List.of(new Tier(0, 1))).tileGrid(4096, 0).build();
        byte[] file = LciWriter.toBytes(h, new byte[][][] {{new byte[4], new byte[4]}});
        assertThat(file.length).isLessThan(200);
        assertThatThrownBy(() -> LciReader.open(RandomAccessSource.of(file))).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("16777216 pixels, over the limit of 5308416");
        assertThatThrownBy(() -> TestPacks.tinyCodec().readInfo(file)).isInstanceOf(LciFormatException.class)
                .hasMessageContaining("maxTilePixels");
        try (LciReader r = LciReader.open(RandomAccessSource.of(file), LciLimits.DEFAULT.withMaxTilePixels(1L << 25))) {
            assertThat(r.tileGrid().tileSize()).isEqualTo(4096); // a machine with the memory may raise the limit
        }
        BufferedImage big = new BufferedImage(4096, 4096, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> TestPacks.tinyCodec().encode(big, EncodeOptions.builder().tileSize(4096).build(),
                new ByteArrayOutputStream(), ProgressListener.NONE))
                .isInstanceOf(LciCodecException.class).hasMessageContaining("could not be read back");
    }
}
