package org.lci.runtime.entropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.lci.runtime.pack.ModelPack;
import org.lci.runtime.pack.PackSource;

/**
 * The Java integer entropy-parameter path of a format-2 pack gives exactly the means and table indexes of the
 * Python reference ({@code lci_train.intpath.write_vectors}, computed from the pack alone), clamps included.
 */
class IntegerPathVectorsTest {

    static final class Vectors {
        String pack_digest;
        int h;
        int w;
        int[] z_symbols;
        int[] y_symbols;
        List<GroupVector> groups;
    }

    static final class GroupVector {
        int[] mu_units;
        int[] scale_index;
    }

    @Test
    void javaPathEqualsTheReferenceBitForBit() throws Exception {
        check(LayerThreads.NONE);
    }

    @Test
    void splittingLayersOverThreadsChangesNothing() throws Exception {
        for (int threads : new int[] {2, 3, 5}) {
            try (LayerThreads t = new LayerThreads(threads, 0)) {
                check(t);
            }
        }
    }

    private void check(LayerThreads threads) throws Exception {
        Path root = org.lci.format.RepoFiles.root();
        ModelPack pack = PackSource.file(root.resolve("testdata/packs/tinycc.lcipack")).load();
        Vectors v = new Gson().fromJson(Files.readString(root.resolve("testdata/packs/tinycc_vectors.json")), Vectors.class);
        assertThat(pack.digest()).isEqualTo(v.pack_digest);
        assertThat(pack.formatVersion()).isEqualTo(2);
        ParameterModel model = pack.parameterModel();
        int[] groups = pack.groups();
        int plane = v.h * v.w;
        ParameterModel.Tile tile = model.start(v.z_symbols, v.h, v.w, model.latentChannels(), threads);
        int from = 0;
        for (int g = 0; g < groups.length; g++) {
            int to = from + groups[g];
            ParameterModel.Group p = tile.group(g, from, to, v.y_symbols);
            GroupVector expected = v.groups.get(g);
            assertThat(p.index()).as("group %d scale indexes", g).containsExactly(expected.scale_index);
            int[] mu = new int[p.mu().length];
            for (int i = 0; i < mu.length; i++) {
                float units = p.mu()[i] * 64f;
                mu[i] = (int) units;
                assertThat((float) mu[i]).isEqualTo(units);
            }
            assertThat(mu).as("group %d means (units of 2^-6)", g).containsExactly(expected.mu_units);
            assertThat(p.mu()).hasSize(groups[g] * plane);
            from = to;
        }
    }
}
