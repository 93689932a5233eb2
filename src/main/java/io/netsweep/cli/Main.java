package io.netsweep.cli;

import io.netsweep.port.ServiceNames;
import io.netsweep.scan.PipelineScanner;
import io.netsweep.scan.ScanClock;
import io.netsweep.scan.ScanComponents;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.Scanner;
import io.netsweep.store.PostgresUrl;
import io.netsweep.store.StoreException;
import io.netsweep.target.HostResolver;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The composition root: wires every part through constructors and runs the command line. */
public final class Main {
    /** The subcommands' names: a command line naming one is read by picocli's whole model. */
    static final java.util.Set<String> SUBCOMMANDS = java.util.Set.of("ui", "history", "show", "diff", "hosts", "import",
            "prune", "watch", "mcp", "merge");

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Answered before the command model is built: scripts call this, and it should be instant.
            System.out.println(new VersionProvider().getVersion()[0]);
            return;
        }
        // First, before any output can exist: from here on Ctrl-C either leaves no output or complete ones.
        CtrlC ctrlC = CtrlC.install(System::exit);
        // A cold JVM spends about a tenth of a second binding native calls (isatty here, the scan's socket calls
        // later): bind them on a second thread while the command line is read and the scan set up.
        WarmUp warmUp = WarmUp.start();
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = Boolean.getBoolean(StartupTraining.PROPERTY)
                    ? StartupTraining.run(warmUp::stderrIsTerminal) // for the launcher's class-data-sharing archive
                    : run(args, context(out, err, warmUp::stderrIsTerminal, warmUp::stdoutIsTerminal, ctrlC, args,
                            warmUp::scanAhead));
        } finally {
            warmUp.nothingMore();
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and no Ctrl-C handling; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        return run(args, context(out, err, () -> terminal, () -> false, CtrlC.none(), args));
    }

    /** Runs the command line; {@code terminal} says whether stderr is a terminal, asked only if needed. */
    static int run(String[] args, PrintWriter out, PrintWriter err, BooleanSupplier terminal) {
        return run(args, context(out, err, terminal, () -> false, CtrlC.none(), args));
    }

    /** The real world as below, told of no scan ahead. */
    static CliContext context(PrintWriter out, PrintWriter err, BooleanSupplier stderrTerminal,
                              BooleanSupplier stdoutTerminal, CtrlC ctrlC, String[] args) {
        return context(out, err, stderrTerminal, stdoutTerminal, ctrlC, args, request -> {});
    }

    /**
     * The real world: the pipeline scanner, and DNS through the servers asked for; {@code stderrTerminal}
     * and {@code stdoutTerminal} say whether those streams are terminals, asked only if needed; {@code scanAhead}
     * is told of a scan about to start.
     */
    static CliContext context(PrintWriter out, PrintWriter err, BooleanSupplier stderrTerminal,
                              BooleanSupplier stdoutTerminal, CtrlC ctrlC, String[] args,
                              Consumer<ScanRequest> scanAhead) {
        Scanner scanner = new PipelineScanner(
                ScanComponents.standard(), ScanClock.system(), port -> ServiceNames.tcp().nameOf(port));
        Function<TargetDns, HostResolver> resolvers = TargetNameResolver::forServers;
        return new CliContext(out, err, stderrTerminal, stdoutTerminal, scanner, resolvers, ctrlC,
                "netsweep " + String.join(" ", java.util.Arrays.stream(args).map(PostgresUrl::withoutPassword).toList()),
                System::getenv, scanAhead);
    }

    /**
     * Runs the command line in {@code context}; returns the exit code. Every error is one line on
     * stderr through {@link Diagnostics}: a usage error (exit 2, nothing scanned) or a bug (exit 1).
     */
    static int run(String[] args, CliContext context) {
        return run(args, context, WatchTiming.system());
    }

    /** As {@link #run(String[], CliContext)}, {@code watch} waiting through {@code watchTiming}. */
    static int run(String[] args, CliContext context, WatchTiming watchTiming) {
        return run(args, new Commands(context, watchTiming));
    }

    /**
     * As {@link #run(String[], CliContext)}, with the command models of {@code commands}: built by the first
     * command line that needs them, reused by the next.
     */
    static int run(String[] args, Commands commands) {
        CliContext context = commands.context();
        Diagnostics diagnostics = context.diagnostics();
        try {
            boolean subcommand = mayUseSubcommand(args);
            if (!subcommand) {
                Optional<ScanCommand> quick = QuickArgs.parse(args, new ScanCommand(context));
                if (quick.isPresent()) {
                    return quick.get().call(); // picocli's model would cost the start a tenth of a second
                }
            }
            CommandLine cl = commands.model(subcommand);
            ParseResult parsed = cl.parseArgs(args);
            checkHelpRequests(parsed);
            if (CommandLine.printHelpIfRequested(parsed)) {
                context.out().flush();
                return ExitCodes.OK;
            }
            ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            return ((Callable<?>) last.commandSpec().userObject()).call() instanceof Integer code
                    ? code : ExitCodes.OK;
        } catch (ParameterException e) {
            diagnostics.error(picocliMessage(e));
            return ExitCodes.USAGE;
        } catch (UsageException e) {
            diagnostics.error(e.getMessage());
            return ExitCodes.USAGE;
        } catch (StoreException e) {
            diagnostics.error(e.getMessage());
            return e.problem().badInput() ? ExitCodes.USAGE : ExitCodes.FAILED;
        } catch (Exception e) {
            diagnostics.error("internal error: " + e);
            return ExitCodes.FAILED;
        }
    }

    /** The command model, with ASCII-only number converters for every numeric option of every command. */
    static CommandLine commandLine(CliContext context, boolean withSubcommand) {
        return commandLine(context, withSubcommand, WatchTiming.system());
    }

    private static CommandLine commandLine(CliContext context, boolean withSubcommand, WatchTiming watchTiming) {
        CommandFactory factory = new CommandFactory(context, watchTiming);
        CommandLine cl = new CommandLine(new ScanCommand(context), factory);
        if (withSubcommand) {
            cl.addSubcommand(new CommandLine(new UiCommand(context), factory));
            cl.addSubcommand(new CommandLine(new HistoryCommand(context), factory));
            cl.addSubcommand(new CommandLine(new ShowCommand(context), factory));
            cl.addSubcommand(new CommandLine(new DiffCommand(context), factory));
            cl.addSubcommand(new CommandLine(new HostsCommand(context), factory));
            cl.addSubcommand(new CommandLine(new ImportCommand(context), factory));
            cl.addSubcommand(new CommandLine(new PruneCommand(context), factory));
            cl.addSubcommand(new CommandLine(new WatchCommand(context, watchTiming), factory));
            cl.addSubcommand(new CommandLine(new McpCommand(context), factory));
            cl.addSubcommand(new CommandLine(new MergeCommand(context), factory));
        }
        // Registered after the subcommand is added: picocli hands converters down only to existing subcommands.
        cl.registerConverter(Integer.class, AsciiNumbers.INT);
        cl.registerConverter(int.class, AsciiNumbers.INT);
        cl.registerConverter(Long.class, AsciiNumbers.LONG);
        cl.registerConverter(long.class, AsciiNumbers.LONG);
        cl.registerConverter(Double.class, AsciiNumbers.DOUBLE);
        cl.registerConverter(double.class, AsciiNumbers.DOUBLE);
        cl.setOut(context.out());
        cl.setErr(context.err());
        return cl;
    }

    /**
     * Help and version answer only a command line that is otherwise right: picocli would answer
     * {@code -hx} or {@code --version junk} with exit code 0 and ignore the rest, hiding the mistake.
     */
    private static void checkHelpRequests(ParseResult parsed) {
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            if (!pr.isUsageHelpRequested() && !pr.isVersionHelpRequested()) {
                continue;
            }
            String option = pr.isUsageHelpRequested() ? "--help" : "--version";
            if (!pr.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(pr.commandSpec().commandLine(), pr.unmatched());
            }
            if (!pr.matchedPositionals().isEmpty()) {
                throw new UsageException(option + " takes no targets, but was given \""
                        + String.join(" ", pr.matchedPositionals().getFirst().originalStringValues()) + "\"");
            }
        }
    }

    /** Picocli's message on one line, with its suggestion for a mistyped option. */
    private static String picocliMessage(ParameterException e) {
        String message = String.join(" ", e.getMessage().strip().split("\\R+"));
        if (e instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            message += suggestions.isEmpty() ? " (see netsweep --help)"
                    : " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
        return message;
    }

    /**
     * Whether the command line may name a subcommand or ask for help (which lists them) or the version. Their model
     * costs a scan's start tens of milliseconds of reflection, so it is built only then; a false yes costs only that
     * time. An {@code @file} argument may hold either, and is not read here.
     */
    static boolean mayUseSubcommand(String[] args) {
        for (String a : args) {
            if (SUBCOMMANDS.contains(a) || a.startsWith("@") || QuickArgs.mayAskForHelp(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command models of one context, each built when a command line first needs it and reused by every
     * later one: picocli sets each option and parameter back to its initial value before it parses, and the
     * commands keep nothing else between runs, so one command line leaves nothing behind for the next. A
     * process runs one command line; this lets a caller that runs many in one context (the property tests of
     * the option parsers) build the models once. Not thread-safe: one command line at a time.
     */
    static final class Commands {
        private final CliContext context;
        private final WatchTiming watchTiming;
        private CommandLine scanOnly;
        private CommandLine withSubcommands;

        Commands(CliContext context, WatchTiming watchTiming) {
            this.context = context;
            this.watchTiming = watchTiming;
        }

        Commands(CliContext context) {
            this(context, WatchTiming.system());
        }

        CliContext context() {
            return context;
        }

        /** The model with every subcommand, or only the scan's. */
        CommandLine model(boolean withSubcommand) {
            if (withSubcommand) {
                if (withSubcommands == null) {
                    withSubcommands = commandLine(context, true, watchTiming);
                }
                return withSubcommands;
            }
            if (scanOnly == null) {
                scanOnly = commandLine(context, false, watchTiming);
            }
            return scanOnly;
        }
    }

    /** Creates the commands with their context; everything else the picocli way. */
    private record CommandFactory(CliContext context, WatchTiming watchTiming) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ScanCommand.class) {
                return type.cast(new ScanCommand(context));
            }
            if (type == UiCommand.class) {
                return type.cast(new UiCommand(context));
            }
            if (type == HistoryCommand.class) {
                return type.cast(new HistoryCommand(context));
            }
            if (type == ShowCommand.class) {
                return type.cast(new ShowCommand(context));
            }
            if (type == DiffCommand.class) {
                return type.cast(new DiffCommand(context));
            }
            if (type == HostsCommand.class) {
                return type.cast(new HostsCommand(context));
            }
            if (type == ImportCommand.class) {
                return type.cast(new ImportCommand(context));
            }
            if (type == PruneCommand.class) {
                return type.cast(new PruneCommand(context));
            }
            if (type == WatchCommand.class) {
                return type.cast(new WatchCommand(context, watchTiming));
            }
            if (type == McpCommand.class) {
                return type.cast(new McpCommand(context));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
