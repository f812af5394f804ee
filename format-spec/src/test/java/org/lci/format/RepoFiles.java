package org.lci.format;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root and its testdata/ for every module's tests (this module's test-jar): the system property
 * {@code lci.repo.root} (surefire sets it) when it names a folder with testdata/, else the nearest folder above
 * the working directory that holds testdata/ and a pom.xml.
 */
public final class RepoFiles {
    private RepoFiles() {
    }

    public static Path root() {
        String root = System.getProperty("lci.repo.root");
        if (root != null && Files.isDirectory(Path.of(root, "testdata"))) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (a folder with testdata/ and pom.xml) not found above "
                + Path.of("").toAbsolutePath() + "; set -Dlci.repo.root");
    }

    public static Path testdata() {
        return root().resolve("testdata");
    }
}
