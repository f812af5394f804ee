package org.lci.cli;

import picocli.CommandLine;

/** Entry point of {@code lci.jar}. Exit codes: 0 ok, 1 bad input or failed work, 2 usage. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        NativeCache.use(); // before ONNX Runtime loads: natives from the launcher's cache, not extracted again
        Shutdown.install(); // SIGTERM / Ctrl-C stop the work before the JVM's hooks free ONNX Runtime
        System.exit(LciCommand.commandLine().execute(args));
    }
}
