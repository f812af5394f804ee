package org.lci.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lci} command and its subcommands. */
@Command(name = "lci",
        mixinStandardHelpOptions = true,
        versionProvider = LciCommand.Version.class,
        description = "LCI learned image codec: encode, decode, inspect and serve .lci images.",
        subcommands = {EncodeCommand.class, DecodeCommand.class, InfoCommand.class, BenchCommand.class,
                DemoCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:bad input, failed encode or decode", "2:usage error"})
public final class LciCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Streams streams;

    /** The runtime logs which execution provider runs; worth seeing only when asked. */
    private static final java.util.logging.Logger RUNTIME_LOG = java.util.logging.Logger.getLogger("org.lci.runtime");

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Show the runtime's log (e.g. which execution provider runs).")
    void verbose(boolean verbose) {
        RUNTIME_LOG.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }

    private LciCommand(Streams streams) {
        this.streams = streams;
        verbose(false);
    }

    /** A command line on the process's standard streams. */
    public static CommandLine commandLine() {
        return commandLine(Streams.system());
    }

    /** A command line with the exit codes and error handling the tests and scripts rely on. */
    public static CommandLine commandLine(Streams streams) {
        CommandLine cli = new CommandLine(new LciCommand(streams));
        cli.setOut(new java.io.PrintWriter(streams.out(), true));
        cli.setErr(new java.io.PrintWriter(streams.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            streams.err().println("lci: " + Messages.describe(e));
            return 1;
        });
        return cli;
    }

    Streams streams() {
        return streams;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (encode, decode, info, bench, demo, serve)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LciCommand.class.getPackage().getImplementationVersion();
            String pack;
            String others = "";
            try {
                org.lci.runtime.ModelPackRegistry registry = org.lci.runtime.ModelPackRegistry.defaults();
                org.lci.runtime.ModelPackInfo info = registry.defaultPack();
                pack = "default model pack: " + describe(info);
                others = String.join(", ", registry.packs().stream().skip(1).map(Version::describe).toList());
            }
            catch (RuntimeException | java.io.IOException e) {
                pack = "default model pack: none found (" + e.getMessage() + ")";
            }
            if (!others.isEmpty()) {
                pack += "\nother model packs (decode their files): " + others;
            }
            return new String[] {"lci " + (version == null ? "(development build)" : version), pack,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }

        private static String describe(org.lci.runtime.ModelPackInfo info) {
            return info.name() + " " + info.version() + " (sha256 " + info.digest().substring(0, 16) + "…)";
        }
    }
}
