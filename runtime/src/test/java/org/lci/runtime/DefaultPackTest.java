package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Zero configuration: the pack embedded in the runtime jar is found and used by {@link LciCodec#shared()}. */
class DefaultPackTest {

    @Test
    void sharedCodecUsesTheEmbeddedPack() throws Exception {
        Assumptions.assumeTrue(getClass().getClassLoader().getResource(ModelPackRegistry.DEFAULT_PACK_RESOURCE) != null,
                "no default pack on the classpath yet (training-export writes it)");
        LciCodec codec = LciCodec.shared();
        ModelPackInfo pack = codec.registry().defaultPack();
        assertThat(pack.source()).startsWith("classpath:");
        BufferedImage src = TestPacks.lakeside();
        byte[] file = TestPacks.encode(codec, src, EncodeOptions.defaults());
        assertThat(codec.readInfo(file).packDigestPrefix()).isEqualTo(pack.digest().substring(0, 16));
        BufferedImage out = codec.decode(file, DecodeOptions.defaults(), null);
        assertThat(TestPacks.psnr(src, out)).isGreaterThan(24.0);
        codec.close(); // ignored for the shared codec
        assertThat(codec.decode(file, DecodeOptions.tier(2), null).getWidth()).isEqualTo(96);
    }
}
