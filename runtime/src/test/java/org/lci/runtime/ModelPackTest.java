package org.lci.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackTest {

    @TempDir
    Path dir;

    @Test
    void registryListsThePackByNameAndDigest() throws Exception {
        ModelPackRegistry reg = TestPacks.tinyRegistry();
        ModelPackInfo info = reg.defaultPack();
        assertThat(info.digest()).hasSize(64).matches("[0-9a-f]+");
        assertThat(info.tiers()).isEqualTo(3);
        assertThat(reg.find(info.name())).isEqualTo(info);
        assertThat(reg.find(info.digest().substring(0, 16).toUpperCase())).isEqualTo(info);
        assertThat(reg.packs()).containsExactly(info);
    }

    @Test
    void directoryOfPacksIsScanned() throws Exception {
        Files.copy(TestPacks.tinyPack(), dir.resolve("a.lcipack"));
        Files.writeString(dir.resolve("notes.txt"), "not a pack");
        assertThat(ModelPackRegistry.empty().addDirectory(dir).packs()).hasSize(1);
    }

    @Test
    void memberWithWrongShaIsRefused() throws Exception {
        Map<String, byte[]> members = read(TestPacks.tinyPack());
        byte[] tensors = members.get("tensors.bin").clone();
        tensors[tensors.length / 2] ^= 0x40;
        members.put("tensors.bin", tensors);
        Path bad = write(members, "tampered.lcipack");
        try (LciCodec codec = LciCodec.create(CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(bad)).build())) {
            assertThatThrownBy(() -> TestPacks.encode(codec, TestPacks.synthetic(8, 8, 1), EncodeOptions.defaults()))
                    .isInstanceOf(ModelPackException.class)
                    .hasMessageContaining("tensors.bin")
                    .hasMessageContaining("integrity check")
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void missingMemberIsRefused() throws Exception {
        Map<String, byte[]> members = read(TestPacks.tinyPack());
        members.remove("synthesis_t1.onnx");
        Path bad = write(members, "incomplete.lcipack");
        try (LciCodec codec = LciCodec.create(CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(bad)).build())) {
            assertThatThrownBy(() -> TestPacks.encode(codec, TestPacks.synthetic(8, 8, 1), EncodeOptions.defaults()))
                    .isInstanceOf(ModelPackException.class)
                    .hasMessageContaining("synthesis_t1.onnx")
                    .hasMessageContaining("missing");
        }
    }

    @Test
    void fileFromAnUninstalledPackNamesTheDigest() throws Exception {
        byte[] file = TestPacks.encode(TestPacks.tinyCodec(), TestPacks.synthetic(40, 30, 1), EncodeOptions.defaults());
        String prefix = TestPacks.tinyCodec().readInfo(file).packDigestPrefix();
        try (LciCodec other = LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty()).build())) {
            assertThatThrownBy(() -> other.decode(file, DecodeOptions.defaults(), null))
                    .isInstanceOf(ModelPackNotFoundException.class)
                    .hasMessageContaining(prefix)
                    .hasMessageContaining("not installed");
            assertThatThrownBy(() -> other.encode(TestPacks.synthetic(8, 8, 1), EncodeOptions.defaults(),
                    new ByteArrayOutputStream(), null))
                    .isInstanceOf(ModelPackNotFoundException.class)
                    .hasMessageContaining("no model pack is installed");
        }
    }

    @Test
    void notATarIsRefusedWithTheFileName() throws Exception {
        Path junk = dir.resolve("junk.lcipack");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> ModelPackRegistry.empty().addPack(junk))
                .isInstanceOf(ModelPackException.class)
                .hasMessageContaining("junk.lcipack");
    }

    @Test
    void smokePackRoundTripsWhenGiven() throws Exception {
        String smoke = System.getProperty("lci.smokePack");
        org.junit.jupiter.api.Assumptions.assumeTrue(smoke != null && !smoke.isBlank(),
                "lci.smokePack not set (scripts/test sets it to the freshly exported Python pack)");
        try (LciCodec codec = LciCodec.create(CodecOptions.builder()
                .registry(ModelPackRegistry.empty().addPack(Path.of(smoke))).build())) {
            java.awt.image.BufferedImage src = TestPacks.lakeside();
            byte[] file = TestPacks.encode(codec, src, EncodeOptions.builder().quality(0.8).build());
            java.awt.image.BufferedImage out = codec.decode(file, DecodeOptions.defaults(), null);
            assertThat(out.getWidth()).isEqualTo(src.getWidth());
            assertThat(TestPacks.psnr(src, out)).isGreaterThan(10.0); // far above an untrained model's ~6 dB
            LatentReport a = codec.inspectLatents(file, DecodeOptions.defaults());
            try (LciCodec other = LciCodec.create(CodecOptions.builder().intraOpThreads(1)
                    .registry(ModelPackRegistry.empty().addPack(Path.of(smoke))).build())) {
                assertThat(other.inspectLatents(file, DecodeOptions.defaults()).symbolDigest())
                        .isEqualTo(a.symbolDigest());
            }
        }
    }

    static Map<String, byte[]> read(Path pack) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(pack); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    Path write(Map<String, byte[]> members, String name) throws Exception {
        Path p = dir.resolve(name);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(p))) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
        }
        return p;
    }
}
