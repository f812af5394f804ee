package org.lci.cli;

import picocli.CommandLine.Option;

/** The batch flags of encode and decode (conventions of cwebp, avifenc, cjxl and oxipng). */
final class BatchOptions {
    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Files coded at the same time, sharing one codec (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = {"-r", "--recursive"}, description = "Walk folders to any depth; under -o/--out-dir the "
            + "folder tree is kept.")
    boolean recursive;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write every output into DIR (created if needed).")
    String outDir;

    @Option(names = "--skip-existing", description = "Leave files whose output exists alone (counted as skipped).")
    boolean skipExisting;

    @Option(names = "--no-overwrite", description = "Report a file whose output exists as failed, never replace it.")
    boolean noOverwrite;

    @Option(names = "--quiet", description = "Only errors and warnings on standard error; no per-file lines or summary.")
    boolean quiet;

    /** @throws picocli.CommandLine.ParameterException for impossible values (exit code 2) */
    Batch.Settings settings(picocli.CommandLine cli) {
        try {
            return new Batch.Settings(jobs, quiet, skipExisting, noOverwrite);
        }
        catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    /** The output the plan gets: {@code --out-dir} (always a folder) wins over {@code -o}. */
    String output(String o) {
        if (outDir == null) {
            return o;
        }
        return outDir.endsWith("/") || outDir.endsWith(java.io.File.separator) ? outDir : outDir + java.io.File.separator;
    }
}
