package io.netsweep.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The workload the launcher runs once per build to record the class-data-sharing archive
 * ({@code -XX:ArchiveClassesAtExit}): the command-line paths people use, so the archive holds their
 * classes whichever command happens to run first ({@code --version} alone would record almost
 * nothing). Every probe goes to 127.0.0.1; output is discarded. Not thread-safe; run once.
 */
final class StartupTraining {
    /** The system property that makes {@link Main} run this instead of the command line. */
    static final String PROPERTY = "netsweep.startupTraining";

    private static final List<List<String>> RUNS = List.of(
            List.of("--help"),
            List.of("-sn", "-n", "--no-progress", "-o", "json", "127.0.0.1"),
            List.of("-sn", "-n", "--progress", "127.0.0.1"),
            List.of("-n", "-Pn", "--no-progress", "--top-ports", "100", "-oX", "/dev/null", "127.0.0.1"),
            List.of("-n", "-Pn", "--no-progress", "-o", "csv", "-p", "1-200", "127.0.0.1"),
            List.of("-n", "-Pn", "--no-progress", "-v", "-oG", "/dev/null", "-p", "1-200", "127.0.0.1"),
            // The reverse lookup of a loopback address, answered locally: the resolver's classes load.
            List.of("-sn", "--no-progress", "-o", "json", "--dns-server", "127.0.0.1:9", "--dns-timeout", "100",
                    "127.0.0.1"),
            // A hostname through a DNS server on a loopback port nobody serves: dnsjava's query classes load, the
            // query fails at once (ICMP port unreachable), and so does the command line.
            List.of("-sn", "--no-progress", "--dns-server", "127.0.0.1:9", "netsweep-training.test"),
            List.of("-p", "0", "127.0.0.1"),
            // Read by picocli, not by QuickArgs: an attached value, and a value that does not convert.
            List.of("-T9", "127.0.0.1"),
            List.of("--rate=x", "127.0.0.1"));

    private StartupTraining() {}

    /** Runs the workload through {@link Main#run}, as the command line would; returns exit code 0. */
    static int run(BooleanSupplier stderrIsTerminal) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        for (List<String> args : RUNS) {
            Main.run(args.toArray(String[]::new), none, none, stderrIsTerminal);
        }
        return ExitCodes.OK;
    }
}
