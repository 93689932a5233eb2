package io.netsweep.cli;

import io.netsweep.discovery.HostDiscovery;
import io.netsweep.port.ServiceNames;
import io.netsweep.scan.PipelineScanner;
import io.netsweep.scan.ScanClock;
import io.netsweep.scan.ScanComponents;
import io.netsweep.scan.Scanner;
import io.netsweep.target.HostResolver;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import picocli.CommandLine;

/** The composition root: wires every part through constructors and runs the command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Answered before the command model is built: scripts call this, and it should be instant.
            System.out.println(new VersionProvider().getVersion()[0]);
            return;
        }
        // A cold JVM spends about a tenth of a second binding native calls (isatty here, the socket
        // calls of discovery later): bind them on a second thread while the command line is parsed.
        CompletableFuture<Boolean> stderrIsTerminal = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("netsweep-warm-up").start(() -> {
            try {
                stderrIsTerminal.complete(Terminal.isTerminal(Terminal.STDERR));
                HostDiscovery.prepare();
            } finally {
                stderrIsTerminal.complete(false);
            }
        });
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = Boolean.getBoolean(StartupTraining.PROPERTY)
                ? StartupTraining.run(stderrIsTerminal::join) // for the launcher's class-data-sharing archive
                : run(args, out, err, stderrIsTerminal::join);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        return run(args, out, err, () -> terminal);
    }

    /** Runs the command line; {@code terminal} says whether stderr is a terminal, asked only if needed. */
    static int run(String[] args, PrintWriter out, PrintWriter err, BooleanSupplier terminal) {
        Scanner scanner = new PipelineScanner(
                ScanComponents.standard(), ScanClock.system(), port -> ServiceNames.tcp().nameOf(port));
        Function<List<InetSocketAddress>, HostResolver> resolvers = TargetNameResolver::forServers;
        CliContext context = new CliContext(out, err, terminal, scanner, resolvers, "netsweep " + String.join(" ", args));
        boolean subcommand = mayUseSubcommand(args);
        if (!subcommand) {
            Optional<ScanCommand> quick = QuickArgs.parse(args, new ScanCommand(context));
            if (quick.isPresent()) {
                return execute(quick.get(), err); // picocli's model would cost the start a tenth of a second
            }
        }
        CommandFactory factory = new CommandFactory(context);
        CommandLine cl = new CommandLine(new ScanCommand(context), factory);
        if (subcommand) {
            cl.addSubcommand(new CommandLine(new UiCommand(context), factory));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, err));
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("netsweep: " + e.getMessage().replaceAll("[\\r\\n]+", " ").trim());
            err.println("Try 'netsweep --help' for more.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    private static int execute(ScanCommand command, PrintWriter err) {
        try {
            return command.call();
        } catch (RuntimeException e) {
            return failed(e, err);
        }
    }

    /** What a command's exception means: a usage error, or a bug. */
    private static int failed(Exception e, PrintWriter err) {
        if (e instanceof UsageException) {
            err.println("netsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        err.println("netsweep: internal error: " + e);
        return ExitCodes.FAILED;
    }

    /**
     * Whether the command line may name the {@code ui} subcommand or ask for help (which lists it).
     * Its model costs a scan's start tens of milliseconds of reflection, so it is built only then; a
     * false yes costs only that time.
     */
    static boolean mayUseSubcommand(String[] args) {
        for (String a : args) {
            if (a.equals("ui") || a.equals("--help") || a.equals("--version")
                    || (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('h') > 0 || a.indexOf('V') > 0))) {
                return true;
            }
        }
        return false;
    }

    /** Creates the commands with their context; everything else the picocli way. */
    private record CommandFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ScanCommand.class) {
                return type.cast(new ScanCommand(context));
            }
            if (type == UiCommand.class) {
                return type.cast(new UiCommand(context));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
