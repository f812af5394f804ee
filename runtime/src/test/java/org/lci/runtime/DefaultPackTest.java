package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero configuration: the default pack on the class path is found and used by {@link LciCodec#shared()}; packs
 * that jars list in {@code META-INF/lci/model-packs} (the retired v1 default, {@code lci-model-v1}; retired v2 exports,
 * {@code lci-model-archive}) are found too.
 */
class DefaultPackTest {

    @TempDir
    Path dir;

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

    @Test
    void indexedClassPathPacksAreInstalledBesideTheDefault() throws Exception {
        ModelPackRegistry registry = ModelPackRegistry.defaults();
        List<ModelPackInfo> packs = registry.packs();
        List<String> indexed = ModelPackRegistry.indexedPackResources(getClass().getClassLoader());
        assertThat(indexed).contains(org.lci.model.v1.V1ModelPack.RESOURCE,
                org.lci.model.archive.ArchivedModelPacks.V2_2026_12_1, org.lci.model.archive.ArchivedModelPacks.V2_2026_12_2,
                org.lci.model.archive.ArchivedModelPacks.V2_2026_12_3);
        // Every retired default is installed from its artifact, moved unchanged: its files name exactly this digest.
        for (String digest : ModelPackRegistry.retiredPackDigests()) {
            ModelPackInfo pack = registry.find(digest.substring(0, 16));
            assertThat(pack.digest()).isEqualTo(digest);
            assertThat(indexed).anySatisfy(resource -> assertThat(pack.source()).endsWith(resource));
        }
        // ... and every indexed pack is a retired default (a pack added to an artifact but not to the registry's
        // table would decode, but a reader without it would get no hint of which artifact to add).
        assertThat(packs).filteredOn(p -> indexed.stream().anyMatch(r -> p.source().endsWith(r)))
                .extracting(ModelPackInfo::digest).hasSize(indexed.size())
                .allMatch(ModelPackRegistry.retiredPackDigests()::contains);
        ModelPackInfo v1 = registry.find("7e253874d6c05f09");
        assertThat(v1.name()).isEqualTo("lci-default");
        assertThat(v1.version()).isEqualTo("2026.11.2");
        assertThat(registry.find("b3c28598101819eb").version()).isEqualTo("2026.12.1");
        assertThat(registry.find("6e59e4cf7821143b").version()).isEqualTo("2026.12.2");
        assertThat(registry.find("4ccf0545039717aa").version()).isEqualTo("2026.12.3");
        assertThat(packs).extracting(ModelPackInfo::digest).doesNotHaveDuplicates();
        if (getClass().getClassLoader().getResource(ModelPackRegistry.DEFAULT_PACK_RESOURCE) != null) {
            // an indexed pack never displaces the default one
            assertThat(registry.defaultPack().source()).isEqualTo("classpath:" + ModelPackRegistry.DEFAULT_PACK_RESOURCE);
        }
    }

    @Test
    void aFileOfAnArchivedV2PackNamesTheArtifactToAdd() throws Exception {
        String resource = org.lci.model.archive.ArchivedModelPacks.V2_2026_12_1;
        Path pack = dir.resolve("archived.lcipack");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, pack);
        }
        byte[] file;
        try (LciCodec archived = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty().addPack(pack))
                .build())) {
            file = TestPacks.encode(archived, TestPacks.synthetic(40, 30, 2), EncodeOptions.defaults());
        }
        try (LciCodec without = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty()).build())) {
            assertThatThrownBy(() -> without.decode(file, DecodeOptions.defaults(), null))
                    .isInstanceOf(ModelPackNotFoundException.class)
                    .hasMessageContaining("lci-v2 2026.12.1")
                    .hasMessageContaining("org.lci:lci-model-archive");
        }
    }

    @Test
    void aFileOfTheRetiredDefaultNamesTheArtifactToAdd() throws Exception {
        BufferedImage src = TestPacks.synthetic(40, 30, 1);
        byte[] file;
        Path v1Pack = dir.resolve("v1.lcipack");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(org.lci.model.v1.V1ModelPack.RESOURCE)) {
            Files.copy(in, v1Pack);
        }
        try (LciCodec v1 = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty().addPack(v1Pack))
                .build())) {
            file = TestPacks.encode(v1, src, EncodeOptions.defaults());
            assertThat(TestPacks.psnr(src, v1.decode(file, DecodeOptions.defaults(), null))).isGreaterThan(20.0);
        }
        try (LciCodec without = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty()).build())) {
            assertThatThrownBy(() -> without.decode(file, DecodeOptions.defaults(), null))
                    .isInstanceOf(ModelPackNotFoundException.class)
                    .hasMessageContaining("7e253874d6c05f09")
                    .hasMessageContaining("org.lci:lci-model-v1");
        }
    }
}
