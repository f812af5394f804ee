package org.lci.format.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Regenerates the conformance vectors under {@code testdata/}. From the repository root:
 * <pre>
 * mvn -q -pl format-spec -am test-compile
 * java -cp format-spec/target/classes:format-spec/target/test-classes org.lci.format.vectors.VectorGenerator testdata
 * </pre>
 */
public final class VectorGenerator {
    private VectorGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "testdata");
        Map<String, byte[]> files = VectorFiles.all();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        System.out.println("wrote " + files.size() + " files under " + root);
    }
}
