package org.lci.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One input and where its result goes. A null input means standard input, a null output standard output.
 * {@code implied} outputs (named after the input because no {@code -o} was given) never replace an existing
 * file: {@code lci decode photo.lci} must not overwrite the {@code photo.png} it was made from.
 */
record Job(Path input, Path output, boolean implied) {

    Job(Path input, Path output) {
        this(input, output, false);
    }

    String inputName() {
        return input == null ? "<stdin>" : input.toString();
    }

    String outputName() {
        return output == null ? "<stdout>" : output.toString();
    }

    /** Reads the whole input; standard input is read to its end. */
    byte[] readInput(InputStream stdin) throws IOException {
        return input == null ? stdin.readAllBytes() : Files.readAllBytes(input);
    }

    /**
     * Reads an input that must be an LCI file: its signature is checked before the rest is read, so 300 MB of
     * something else on standard input is refused after 8 bytes instead of being buffered first.
     */
    byte[] readLciInput(InputStream stdin) throws IOException {
        if (input != null) {
            return Files.readAllBytes(input);
        }
        byte[] head = stdin.readNBytes(org.lci.format.LciSignature.LENGTH);
        if (!java.util.Arrays.equals(head, org.lci.format.LciSignature.bytes())) {
            throw new IOException("standard input is not an LCI file: its first bytes are "
                    + java.util.HexFormat.ofDelimiter(" ").formatHex(head) + ", expected the LCI signature "
                    + java.util.HexFormat.ofDelimiter(" ").formatHex(org.lci.format.LciSignature.bytes()));
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.write(head);
        stdin.transferTo(all);
        return all.toByteArray();
    }

    /**
     * Writes the result: to standard output, or atomically to the output file. Refuses to write over the input,
     * whatever path spelling leads to it.
     */
    void writeOutput(byte[] bytes, PrintStream stdout) throws IOException {
        if (output == null) {
            stdout.write(bytes);
            stdout.flush();
            if (stdout.checkError()) { // PrintStream swallows IOExceptions: a full disk or a closed pipe
                throw new IOException("cannot write to standard output (disk full, or the reading side closed the pipe)");
            }
            return;
        }
        if (input != null && (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())
                || Files.exists(output) && Files.isSameFile(input, output))) {
            throw new IOException("refusing to overwrite the input " + input + "; choose another output with -o");
        }
        if (implied && Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(output + " already exists and was not named with -o; not replaced (name the output "
                    + "with -o to replace it)");
        }
        AtomicOutput.write(output, bytes);
    }
}
