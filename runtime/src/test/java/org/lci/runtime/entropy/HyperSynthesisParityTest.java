package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.lci.runtime.pack.ModelPack;
import org.lci.runtime.pack.PackSource;

/** The Java hyper-synthesis agrees with the pack's reference graph (hyper_synthesis.onnx) within float noise. */
class HyperSynthesisParityTest {

    @Test
    void javaHyperSynthesisMatchesTheReferenceGraph() throws Exception {
        Path packFile = Path.of(System.getProperty("lci.testPack",
                org.lci.format.RepoFiles.root().resolve("testdata/packs/tiny.lcipack").toString()));
        ModelPack pack = PackSource.file(packFile).load();
        byte[] graph = member(packFile, "hyper_synthesis.onnx");
        int nz = pack.hyperChannels();
        int zh = 3;
        int zw = 5;
        float[] z = new float[nz * zh * zw];
        Random r = new Random(7);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) Math.rint(r.nextGaussian() * 3) + 0.25f;
        }
        float[] java = pack.hyperSynthesis().apply(z, zh, zw);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(graph, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), new long[] {1, nz, zh, zw});
             OrtSession.Result out = s.run(Map.of("z_hat", t))) {
            float[] ref = ((OnnxTensor) out.get(0)).getFloatBuffer().array();
            assertThat(ref).hasSameSizeAs(java);
            double maxDiff = 0;
            for (int i = 0; i < ref.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(ref[i] - java[i]) / (1 + Math.abs(ref[i])));
            }
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }

    private static byte[] member(Path pack, String name) throws Exception {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(java.nio.file.Files.newInputStream(pack))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + pack);
    }
}
