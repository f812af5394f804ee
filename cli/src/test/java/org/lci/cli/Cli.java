package org.lci.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code lci} in-process, as picocli would from main(), with captured standard streams. */
final class Cli {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] stdin = new byte[0];
    private boolean terminal;

    Cli stdin(byte[] bytes) {
        stdin = bytes;
        return this;
    }

    /** Pretend a person watches: the progress bar is drawn on standard error. */
    Cli onTerminal() {
        terminal = true;
        return this;
    }

    int run(String... args) {
        Streams streams = new Streams(new ByteArrayInputStream(stdin), new PrintStream(out, true),
                new PrintStream(err, true), terminal);
        return LciCommand.commandLine(streams).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
