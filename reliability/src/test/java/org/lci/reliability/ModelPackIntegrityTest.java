package org.lci.reliability;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.DecodeOptions;
import org.lci.runtime.EncodeOptions;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackException;
import org.lci.runtime.ModelPackNotFoundException;
import org.lci.runtime.ModelPackRegistry;
import org.lci.runtime.ProgressListener;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Broken model packs, built from tiny.lcipack in a temporary directory, are refused with a message naming the pack
 * and the member, before any model runs and before any byte is written; a refused pack stays refused.
 */
class ModelPackIntegrityTest {
    private static Map<String, byte[]> members;
    private static byte[] encoded;
    private static final BufferedImage IMAGE = Fixtures.picture(64, 48, BufferedImage.TYPE_3BYTE_BGR, 11);

    @TempDir
    Path dir;

    @BeforeAll
    static void readTinyPack() throws IOException {
        members = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(Fixtures.tinyPack());
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                members.put(e.getName(), tar.readAllBytes());
            }
        }
        assertThat(members).containsKeys("manifest.json", "encoder.onnx", "synthesis_t1.onnx", "tensors.bin");
        encoded = Fixtures.encode(Fixtures.tinyCodec(), IMAGE, 0.5, 1024, 32);
    }

    private Path pack(String name, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> m = change.apply(new LinkedHashMap<>(members));
        Path file = dir.resolve(name + ".lcipack");
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static LciCodec codecWith(Path pack) throws IOException {
        return LciCodec.create(CodecOptions.builder().registry(ModelPackRegistry.empty().addPack(pack)).build());
    }

    /** Encode and decode both refuse the pack, name it and the member, and leave no output behind. */
    private static void assertRefused(Path pack, String member, String why) throws IOException {
        try (LciCodec codec = codecWith(pack)) {
            for (int attempt = 0; attempt < 2; attempt++) { // a refused pack is not half-loaded and then used
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThatThrownBy(() -> codec.encode(IMAGE, EncodeOptions.builder().quality(0.5).build(), out,
                        ProgressListener.NONE))
                        .isInstanceOf(ModelPackException.class)
                        .hasMessageContaining(pack.getFileName().toString()).hasMessageContaining(member)
                        .hasMessageContaining(why);
                assertThat(out.size()).isZero();
                assertThatThrownBy(() -> codec.decode(encoded, DecodeOptions.tier(0), null))
                        .isInstanceOf(ModelPackException.class).hasMessageContaining(member).hasMessageContaining(why);
            }
        }
    }

    @Test
    void aMemberWithTheWrongDigestIsRefused() throws IOException {
        Path p = pack("tampered-graph", m -> {
            byte[] g = m.get("synthesis_t1.onnx").clone();
            g[g.length / 2] ^= 1;
            m.put("synthesis_t1.onnx", g);
            return m;
        });
        assertRefused(p, "synthesis_t1.onnx", "integrity");
    }

    @Test
    void tamperedTensorsAreRefused() throws IOException {
        Path p = pack("tampered-tensors", m -> {
            byte[] t = m.get("tensors.bin").clone();
            t[0] ^= (byte) 0x80;
            m.put("tensors.bin", t);
            return m;
        });
        assertRefused(p, "tensors.bin", "integrity");
    }

    @Test
    void aMissingGraphIsRefused() throws IOException {
        Path p = pack("missing-graph", m -> {
            m.remove("synthesis_t2.onnx");
            return m;
        });
        assertRefused(p, "synthesis_t2.onnx", "missing");
    }

    @Test
    void aManifestWhoseDigestDoesNotMatchTheFileIsNotFoundForIt() throws IOException {
        // Changing the manifest changes the pack digest: a file coded with the real pack must not decode with it.
        Path p = pack("other-manifest", m -> {
            String json = new String(m.get("manifest.json"), StandardCharsets.UTF_8);
            m.put("manifest.json", json.replaceFirst("\"version\"\\s*:\\s*\"", "\"version\": \"x").getBytes(StandardCharsets.UTF_8));
            return m;
        });
        try (LciCodec codec = codecWith(p)) {
            String prefix = codec.readInfo(encoded).packDigestPrefix();
            assertThatThrownBy(() -> codec.decode(encoded, DecodeOptions.tier(0), null))
                    .isInstanceOf(ModelPackNotFoundException.class).hasMessageContaining(prefix);
        }
    }

    @Test
    void aTruncatedPackIsRefused() throws IOException {
        Path p = pack("truncated", m -> m);
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (LciCodec codec = codecWith(p)) {
            assertThatThrownBy(() -> codec.decode(encoded, DecodeOptions.tier(0), null))
                    .isInstanceOf(ModelPackException.class).hasMessageContaining("truncated.lcipack");
        }
        catch (ModelPackException refusedWhenAdded) {
            assertThat(refusedWhenAdded).hasMessageContaining("truncated.lcipack");
        }
    }

    @Test
    void theIntactCopyStillWorks() throws IOException {
        try (LciCodec codec = codecWith(pack("intact", m -> m))) {
            assertThat(codec.decode(encoded, DecodeOptions.tier(0), null).getWidth()).isEqualTo(64);
        }
    }
}
