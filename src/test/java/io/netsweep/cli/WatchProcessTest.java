package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.DnsTripwire;
import io.netsweep.testing.NetsweepCommand;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} as a real process: Ctrl-C (a real SIGINT) between rounds ends it at once, during a round cancels
 * that scan, which is stored as cancelled; and a webhook's host name is looked up only when an alert is posted,
 * never while the command line is read (the process's name service is {@link DnsTripwire}).
 */
class WatchProcessTest {
    /** Far below a round's length or the wait between rounds, far above a cancel's on a loaded machine. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path db() {
        return dir.resolve("watch.db");
    }

    /**
     * Starts netsweep as {@link NetsweepCommand} does, with {@code classPathFirst} (if not empty) ahead of the
     * test class path and {@code properties} as {@code -D} options.
     */
    private Process start(String classPathFirst, List<String> properties, String... args) throws IOException {
        // As from a terminal: a test run started in the background hands its children SIGINT ignored;
        // env --default-signal gives netsweep the default back (see InterruptTest).
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(properties);
        command.addAll(List.of("-cp", (classPathFirst.isEmpty() ? "" : classPathFirst + File.pathSeparator)
                + System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout.txt"));
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    private static void await(Process p, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("still running while waiting for %s", what).isTrue();
            assertThat(System.nanoTime() - end).as("waiting for %s", what).isNegative();
            LockSupport.parkNanos(2_000_000);
        }
    }

    private static int interrupt(Process p) throws InterruptedException {
        Signals.interrupt(p);
        assertThat(p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .as("stopped within %s of SIGINT", STOP_DEADLINE).isTrue();
        return p.exitValue();
    }

    /** The stored scans' statuses, oldest first, as the database file holds them. */
    private List<String> statuses() {
        if (!Files.exists(db())) {
            return List.of();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db() + "?open_mode=1");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT status FROM scan ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            return List.of(); // not created yet (no table), or busy: asked again
        }
    }

    @Test
    void ctrlCBetweenRoundsEndsTheWatchAtOnce() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process p = start("", List.of(), "watch", "--every", "1h", "--db", db().toString(), "-n",
                    "-p", Integer.toString(open.getLocalPort()), "127.0.0.1");
            await(p, () -> {
                try {
                    return stdout().contains("round 1:");
                } catch (IOException e) {
                    return false;
                }
            }, "round 1");
            assertThat(interrupt(p)).isEqualTo(ExitCodes.CANCELLED);
            assertThat(stdout()).isEqualTo("round 1: scan 1 finished, 1 host up, 1 open port; no earlier scan of"
                    + " these targets to compare with\n");
            assertThat(stderr()).isEmpty();
            assertThat(statuses()).containsExactly("finished");
        }
    }

    @Test
    void ctrlCDuringARoundCancelsItsScanWhichIsStoredAsCancelled() throws Exception {
        // A slow round: every port of loopback at 3,000 probes/s takes about 22 s.
        Process p = start("", List.of(), "watch", "--every", "1h", "--db", db().toString(), "-n", "-Pn", "-p-",
                "--rate", "3000", "127.0.0.1");
        await(p, () -> statuses().equals(List.of("running")), "the round's scan stored as running");
        assertThat(interrupt(p)).isEqualTo(ExitCodes.CANCELLED);
        assertThat(stdout()).isEqualTo("round 1: scan 1 cancelled\n");
        assertThat(stderr()).isEmpty();
        assertThat(statuses()).containsExactly("cancelled");
    }

    @Test
    void aWebhooksHostIsLookedUpOnlyWhenAnAlertIsPosted() throws Exception {
        Path services = dir.resolve("tripwire/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("java.net.spi.InetAddressResolverProvider"),
                DnsTripwire.class.getName() + "\n");
        Path log = dir.resolve("lookups.log");
        List<String> tripwire = List.of("-D" + DnsTripwire.LOG_PROPERTY + "=" + log);
        String tripwirePath = dir.resolve("tripwire").toString();
        try (ServerSocket steady = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String ports = steady.getLocalPort() + "," + closing.getLocalPort();
            String[] args = {"watch", "--every", "10s", "--count", "1", "--db", db().toString(), "-n", "-p", ports,
                "--webhook", "http://hooks.example.invalid:8080/netsweep", "--webhook-retries", "0", "127.0.0.1"};

            Process first = start(tripwirePath, tripwire, args); // nothing to compare with: no alert
            assertThat(first.waitFor(READY_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(stderr()).isZero();
            assertThat(log).as("no lookup while reading the command line or scanning").doesNotExist();

            closing.close();
            Process second = start(tripwirePath, tripwire, args); // a port closed: the alert is posted
            assertThat(second.waitFor(READY_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(stderr()).isZero();
            assertThat(Files.readAllLines(log)).contains("name hooks.example.invalid");
            assertThat(stderr().lines()).containsExactly("netsweep: --webhook http://hooks.example.invalid:8080"
                    + " for scan 2: cannot resolve hooks.example.invalid");
        }
    }
}
