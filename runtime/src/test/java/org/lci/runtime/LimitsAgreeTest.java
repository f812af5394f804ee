package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.lci.format.LciLimits;

/** The codec never writes a file its own limits would refuse to read; one default set everywhere. */
class LimitsAgreeTest {

    @Test
    void encodeRefusesWhatDecodeWouldRefuse() throws Exception {
        CodecOptions small = CodecOptions.builder().registry(TestPacks.tinyRegistry())
                .limits(LciLimits.DEFAULT.withMaxPixels(100)).build();
        try (LciCodec codec = LciCodec.create(small)) {
            assertThatThrownBy(() -> TestPacks.encode(codec, TestPacks.synthetic(20, 10, BufferedImage.TYPE_INT_RGB),
                    EncodeOptions.builder().build()))
                    .isInstanceOf(LciCodecException.class).hasMessageContaining("over the codec's limits");
            byte[] file = TestPacks.encode(codec, TestPacks.synthetic(10, 10, BufferedImage.TYPE_INT_RGB),
                    EncodeOptions.builder().build());
            assertThat(codec.decode(file, DecodeOptions.defaults(), null).getWidth()).isEqualTo(10);
        }
    }

    @Test
    void theCodecDefaultsAreTheFormatLibrarysDefaults() {
        assertThat(CodecOptions.DEFAULT_LIMITS).isEqualTo(LciLimits.DEFAULT);
        assertThat(CodecOptions.builder().build().limits()).isEqualTo(LciLimits.DEFAULT);
    }
}
