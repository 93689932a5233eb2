package io.netsweep.cli;

import io.netsweep.store.PostgresClasses;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
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
            List.of("--rate=x", "127.0.0.1"),
            List.of("history"));

    private StartupTraining() {}

    /** Runs the workload through {@link Main#run}, as the command line would; returns exit code 0. */
    static int run(BooleanSupplier stderrIsTerminal) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        // Scans are stored, as they are by default, but in a database of the training's own, removed after.
        Path dir;
        try {
            dir = Files.createTempDirectory("netsweep-training-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            return ExitCodes.OK; // no archive is recorded from a partial workload
        }
        String db = dir.resolve("training.db").toString();
        try {
            for (List<String> args : RUNS) {
                List<String> stored = new ArrayList<>(args);
                if (!args.contains("--help") && !args.getFirst().equals("history")) {
                    stored.addAll(0, List.of("--db", db));
                } else if (args.getFirst().equals("history")) {
                    stored.addAll(List.of("--db", db));
                }
                Main.run(stored.toArray(String[]::new), none, none, stderrIsTerminal);
            }
            // A scan into PostgreSQL has no server here: its classes are loaded, not run.
            PostgresClasses.load();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temporary directory left behind; the system's cleaning removes it
            }
        }
        return ExitCodes.OK;
    }
}
