package io.netsweep.cli;

import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.Scanner;
import io.netsweep.target.HostResolver;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the commands need from the outside world, wired once by {@link Main}: the streams they write
 * to, the scanner, how to resolve hostname targets, and Ctrl-C. Immutable.
 *
 * @param out              standard output (results)
 * @param err              standard error (progress, verbose lines; errors through {@link #diagnostics()})
 * @param stderrIsTerminal whether a person watches stderr (progress bar by default); asked only when needed
 * @param stdoutIsTerminal whether stdout goes to a terminal too, taken as the same one: the bar then gives
 *                         way to every line of output, and is off by default beside machine-readable output;
 *                         asked only when needed
 * @param scanner          runs the scans
 * @param resolvers        resolver for hostname targets, given the DNS servers and timeout asked for
 * @param ctrlC            what Ctrl-C does to this run
 * @param commandLine      the command as typed, for reports
 * @param env              the environment ({@code System::getenv}): where the scan store lives by default
 * @param scanAhead        told of a scan once it is checked and about to start (so that {@link Main}'s warm-up
 *                         prepares what it will use)
 */
record CliContext(
        PrintWriter out, PrintWriter err, BooleanSupplier stderrIsTerminal, BooleanSupplier stdoutIsTerminal,
        Scanner scanner, Function<TargetDns, HostResolver> resolvers, CtrlC ctrlC,
        String commandLine, UnaryOperator<String> env, Consumer<ScanRequest> scanAhead) {

    /** A context in the environment {@code env}, told of no scan ahead. */
    CliContext(PrintWriter out, PrintWriter err, BooleanSupplier stderrIsTerminal, BooleanSupplier stdoutIsTerminal,
               Scanner scanner, Function<TargetDns, HostResolver> resolvers, CtrlC ctrlC,
               String commandLine, UnaryOperator<String> env) {
        this(out, err, stderrIsTerminal, stdoutIsTerminal, scanner, resolvers, ctrlC, commandLine, env, request -> {});
    }

    /** A context in this process's environment. */
    CliContext(PrintWriter out, PrintWriter err, BooleanSupplier stderrIsTerminal, BooleanSupplier stdoutIsTerminal,
               Scanner scanner, Function<TargetDns, HostResolver> resolvers, CtrlC ctrlC,
               String commandLine) {
        this(out, err, stderrIsTerminal, stdoutIsTerminal, scanner, resolvers, ctrlC, commandLine, System::getenv);
    }

    /** A context whose stdout is no terminal (tests, the web UI's form validation). */
    CliContext(PrintWriter out, PrintWriter err, BooleanSupplier stderrIsTerminal, Scanner scanner,
               Function<TargetDns, HostResolver> resolvers, CtrlC ctrlC, String commandLine) {
        this(out, err, stderrIsTerminal, () -> false, scanner, resolvers, ctrlC, commandLine);
    }

    /** Where every error, warning and notice line goes. */
    Diagnostics diagnostics() {
        return new Diagnostics(err);
    }
}
