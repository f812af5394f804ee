package org.lci.format;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's testdata/ directory from a test run (module dir or repo root). */
public final class RepoFiles {
    private RepoFiles() {
    }

    public static Path testdata() {
        String root = System.getProperty("lci.repo.root");
        if (root != null && Files.isDirectory(Path.of(root, "testdata"))) {
            return Path.of(root, "testdata");
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("testdata");
            }
            p = p.getParent();
        }
        throw new IllegalStateException("testdata/ not found above " + Path.of("").toAbsolutePath());
    }
}
