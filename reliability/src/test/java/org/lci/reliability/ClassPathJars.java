package org.lci.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Jars of this test's class path, for tests that deploy LCI the way users do (module path, web apps). */
final class ClassPathJars {
    /** What an application needs for ImageIO + LCI besides ONNX Runtime: the LCI jars and their dependencies. */
    static final List<String> IMAGEIO_PLUGIN = List.of("lci-format-spec-", "lci-runtime-", "lci-imageio-",
            "lci-model-default-", "commons-compress-", "commons-io-", "commons-lang3-", "commons-codec-", "gson-",
            "imageio-core-", "imageio-metadata-", "common-lang-", "common-io-", "common-image-");
    static final String ONNX_RUNTIME = "onnxruntime-";

    private ClassPathJars() { }

    /**
     * The class path's jars whose file names start with one of {@code prefixes} (test and source jars left out).
     * Skips the calling test when one of them is a class folder (a sibling module not packaged: run mvn verify).
     */
    static List<Path> named(List<String> prefixes) {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (prefixes.stream().anyMatch(name::startsWith) && !name.contains("-tests") && !name.contains("-sources")) {
                assumeTrue(name.endsWith(".jar"), "sibling modules as class folders (run mvn verify): " + entry);
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    static String join(List<Path> jars) {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }
}
