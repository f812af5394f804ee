package org.lci.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Expands the command's inputs (files, folders, {@code -} for standard input) into jobs and names their
 * outputs: one input goes to {@code -o FILE}; several inputs or a folder go into {@code -o DIR}; without
 * {@code -o} each output lands next to its input with the new suffix. With {@code recursive}, folders are walked
 * to any depth and a file's folder relative to the input folder is kept under {@code -o DIR}.
 */
final class JobPlan {
    static final String STDIO = "-";

    private JobPlan() { }

    /**
     * @param accept which files of a folder to take (e.g. readable images, or *.lci)
     * @param suffix the output suffix with its dot, e.g. ".lci"
     * @throws CommandLine.ParameterException for combinations that cannot work (exit code 2)
     */
    static List<Job> plan(CommandLine cli, List<String> inputs, String output, String suffix, Predicate<Path> accept)
            throws IOException {
        return plan(cli, inputs, output, false, suffix, accept).jobs();
    }

    /** The jobs, and how many files of the folders were left out because {@code accept} refused them. */
    record Plan(List<Job> jobs, int ignored) { }

    static Plan plan(CommandLine cli, List<String> inputs, String output, boolean recursive, String suffix,
                     Predicate<Path> accept) throws IOException {
        List<Path> files = new ArrayList<>();
        java.util.Map<Path, Path> roots = new java.util.HashMap<>();   // file -> the folder it was found in
        int ignored = 0;
        boolean stdin = false;
        boolean folder = false;
        for (String input : inputs) {
            if (STDIO.equals(input)) {
                if (stdin) {
                    throw new CommandLine.ParameterException(cli, "standard input (-) can be read only once");
                }
                stdin = true;
                files.add(null);
            }
            else if (Files.isDirectory(Path.of(input))) {
                folder = true;
                Path root = Path.of(input);
                List<Path> found;
                try (Stream<Path> children = recursive ? Files.walk(root) : Files.list(root)) {
                    found = children.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : found) {
                    if (accept.test(f)) {
                        files.add(f);
                        roots.put(f, root);
                    }
                    else {
                        ignored++;
                    }
                }
            }
            else {
                files.add(Path.of(input));
            }
        }
        boolean single = files.size() == 1 && !folder;
        boolean outputIsFolder = output != null && (output.endsWith("/") || output.endsWith(java.io.File.separator)
                || Files.isDirectory(Path.of(output)));
        if (STDIO.equals(output)) {
            if (!single) {
                throw new CommandLine.ParameterException(cli, "-o - (standard output) takes exactly one input");
            }
            return new Plan(List.of(new Job(files.get(0), null)), ignored);
        }
        if (stdin && !single) {
            throw new CommandLine.ParameterException(cli, "standard input (-) cannot be mixed with other inputs");
        }
        if (single && !outputIsFolder) {
            Path in = files.get(0);
            if (output != null) {
                return new Plan(List.of(new Job(in, Path.of(output))), ignored);
            }
            return new Plan(List.of(new Job(in, in == null ? null : sibling(in, suffix), in != null)), ignored);
        }
        if (output != null && Files.isRegularFile(Path.of(output))) {
            throw new CommandLine.ParameterException(cli,
                    "-o " + output + " is a file, but several inputs need a folder");
        }
        List<Job> jobs = new ArrayList<>();
        java.util.Map<Path, Path> claimed = new java.util.HashMap<>();
        for (Path in : files) {
            Path out;
            if (output == null) {
                out = sibling(in, suffix);
            }
            else {
                Path base = Path.of(output);
                Path root = roots.get(in);
                Path rel = root == null ? null : root.relativize(in).getParent();   // kept with -r
                out = (rel == null ? base : base.resolve(rel)).resolve(stem(in) + suffix);
            }
            Path earlier = claimed.putIfAbsent(out.toAbsolutePath().normalize(), in);
            if (earlier != null) {       // a.png + a.bmp, or d1/x.png + d2/x.png into one folder
                throw new CommandLine.ParameterException(cli, earlier + " and " + in + " would both be written to "
                        + out + "; convert them into different folders or one at a time");
            }
            jobs.add(new Job(in, out, output == null));
        }
        return new Plan(jobs, ignored);
    }

    static Path sibling(Path input, String suffix) {
        return input.resolveSibling(stem(input) + suffix);
    }

    static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String suffixOf(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }
}
