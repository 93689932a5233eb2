package io.netsweep.dns;

import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A network namespace of a test's own with nothing but its loopback interface, on which every address of
 * {@value #NETWORK} and {@value #NETWORK6} is local as 127.0.0.0/8 is: hosts to scan that are neither loopback (whose names never
 * leave the machine) nor anybody's, on a side with no route out. A test runs a DNS server and netsweep in
 * it with {@link #command}. {@link #close} deletes it (its processes must have ended); a shutdown hook does
 * should the JVM end first.
 *
 * <p>Needs root and ip(8): without them the calling test is skipped (with {@code NETSWEEP_STRICT_TESTS=1},
 * failed). The name holds this JVM's PID, so test runs of several developers never collide.
 */
final class IsolatedNetns implements AutoCloseable {
    /** The IPv4 block that is local inside the namespace. */
    static final String NETWORK = "192.0.2.0/24";
    /** The IPv6 block that is local inside the namespace. */
    static final String NETWORK6 = "2001:db8::/64";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Thread hook;

    private IsolatedNetns(String name, Thread hook) {
        this.name = name;
        this.hook = hook;
    }

    static IsolatedNetns create() throws IOException, InterruptedException {
        Prerequisites.require(isRoot(), "network namespaces need root; run the tests as root");
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/ip")), "network namespaces need /usr/sbin/ip");
        String name = "nsw-dns-" + Long.toString(ProcessHandle.current().pid(), 36) + "-" + COUNTER.incrementAndGet();
        Thread hook = new Thread(() -> deleteQuietly(name), "netns-teardown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        var netns = new IsolatedNetns(name, hook);
        try {
            ip("netns", "add", name);
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "route", "add", "local", NETWORK, "dev", "lo");
            ip("-n", name, "-6", "route", "add", "local", NETWORK6, "dev", "lo");
            return netns;
        } catch (IOException | RuntimeException | InterruptedException e) {
            netns.close();
            throw e;
        }
    }

    /** {@code command} as run inside the namespace. */
    List<String> command(List<String> command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
        inside.addAll(command);
        return inside;
    }

    /**
     * Waits until a process of the namespace listens on UDP {@code port} (from then on a query waits in its
     * socket buffer, even before it reads one); false if {@code server} ends or the deadline passes.
     */
    boolean awaitUdpListener(int port, Process server, Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end && server.isAlive()) {
            if (!run(command(List.of("ss", "-H", "-l", "-u", "-n", "sport", "=", ":" + port))).isBlank()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling ss, with a deadline
        }
        return false;
    }

    /** Ends {@code process} (its own PID only) and waits for it. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        deleteQuietly(name);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void deleteQuietly(String name) {
        try {
            run(List.of("ip", "netns", "delete", name));
        } catch (IOException | RuntimeException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    /** Runs {@code command} to its end; its output; throws when it fails. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
