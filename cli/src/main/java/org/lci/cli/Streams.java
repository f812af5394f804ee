package org.lci.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams a command uses: the process's own, or byte buffers in tests. Image bytes may go to
 * {@code out}, so it is a byte stream, not a writer.
 *
 * @param in       standard input
 * @param out      standard output
 * @param err      standard error: messages and the progress bar
 * @param terminal whether a person watches (then a progress bar is drawn on {@code err})
 */
public record Streams(InputStream in, PrintStream out, PrintStream err, boolean terminal) {

    public static Streams system() {
        return new Streams(System.in, System.out, System.err, System.console() != null);
    }
}
