package org.lci.imageio;

import org.junit.jupiter.api.Test;
import org.lci.runtime.LciCodec;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed test files name their model pack by digest. When the tiny test pack is replaced this test
 * fails first, with the fix in its message, instead of the whole harness failing obscurely.
 */
class TestFilesTest {
    @Test
    void committedFilesWereMadeWithTheInstalledTinyPack() throws IOException {
        for (String file : new String[] {TestFiles.SMALL, TestFiles.TILED, TestFiles.GRAY}) {
            String digest = LciCodec.shared().readInfo(Samples.bytes(file)).packDigestPrefix();
            boolean installed = LciCodec.shared().registry().packs().stream().anyMatch(p -> p.digest().startsWith(digest));
            assertThat(installed)
                    .withFailMessage("%s was coded with pack %s, which is not installed; testdata/packs/tiny.lcipack"
                            + " changed: run imageio-plugin/regenerate-test-files.sh", file, digest)
                    .isTrue();
        }
    }
}
