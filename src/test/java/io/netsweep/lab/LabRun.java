package io.netsweep.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One lab built by a script of {@code lab/} ({@code lab.sh}, {@code services.sh}, {@code udp-services.sh}): its
 * {@code up} under a name unique to the JVM, the ground truth file it printed ({@code GROUND_TRUTH=PATH}), and its
 * {@code down} on {@link #close} and, should the JVM end first, from a shutdown hook. A failed {@code up} is torn
 * down before the failure is thrown. What the lab fixtures share; each parses its own ground truth. {@link #close}
 * is idempotent and thread-safe.
 */
final class LabRun implements AutoCloseable {
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(1);

    private final Path script;
    private final String name;
    private final Path truthFile;
    private final Thread hook;
    private boolean closed; // guarded by this

    private LabRun(Path script, String name, Path truthFile, Thread hook) {
        this.script = script;
        this.name = name;
        this.truthFile = truthFile;
        this.hook = hook;
    }

    /** Runs {@code script up --name NAME OPTIONS...}; the lab is down again if this throws. */
    static LabRun up(Path script, String name, Duration timeout, String... options) {
        Thread hook = new Thread(() -> runQuietly(script, "down", "--name", name), "lab-teardown-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<String> args = new ArrayList<>(List.of("up", "--name", name));
            args.addAll(List.of(options));
            String out = run(script, timeout, args.toArray(String[]::new));
            Path truthFile = out.lines().filter(l -> l.startsWith("GROUND_TRUTH="))
                    .map(l -> Path.of(l.substring("GROUND_TRUTH=".length()))).findFirst()
                    .orElseThrow(() -> new IllegalStateException(script.getFileName() + " printed no ground truth:\n"
                            + out));
            return new LabRun(script, name, truthFile, hook);
        } catch (RuntimeException e) {
            runQuietly(script, "down", "--name", name);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    String name() {
        return name;
    }

    Path truthFile() {
        return truthFile;
    }

    /** Runs {@code script VERB --name NAME OPTIONS...} on this lab (such as {@code lab.sh loss}). */
    String run(Duration timeout, String verb, String... options) {
        List<String> args = new ArrayList<>(List.of(verb, "--name", name));
        args.addAll(List.of(options));
        return run(script, timeout, args.toArray(String[]::new));
    }

    /** Tears the lab down. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(script, DOWN_TIMEOUT, "down", "--name", name);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway, and down is idempotent.
            }
        }
    }

    /** Runs {@code script ARGS...} with bash to completion; its output; fails on timeout or a non-zero exit. */
    static String run(Path script, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", script.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            return LabNetwork.finish(p, timeout, script.getFileName() + " " + String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runQuietly(Path script, String... args) {
        try {
            run(script, DOWN_TIMEOUT, args);
        } catch (RuntimeException e) {
            // Best effort from a shutdown hook or after a failure already being reported.
        }
    }

    /** Starts {@code cmd} inside network namespace {@code namespace} ({@code ip netns exec}); stderr goes to stdout. */
    static Process inNamespace(String namespace, List<String> cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(cmd);
        try {
            return new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
