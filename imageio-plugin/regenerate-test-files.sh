#!/usr/bin/env bash
# Re-creates the committed test files (src/test/resources/lci/*.lci) with testdata/packs/tiny.lcipack.
# Run after the tiny pack changes: the files name their pack by digest (TestFilesTest fails until then).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl imageio-plugin -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "imageio-plugin/target/test-classes:imageio-plugin/target/classes:$(cat imageio-plugin/target/test-classpath.txt)" \
    org.lci.imageio.TestFiles .
