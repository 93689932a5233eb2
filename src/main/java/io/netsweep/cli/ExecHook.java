package io.netsweep.cli;

import io.netsweep.output.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code --exec CMD}: runs the command as the person wrote it, through {@code /bin/sh -c} (that is its contract),
 * with the alert's JSON on its standard input and a few numbers in its environment ({@code NETSWEEP_SCAN_ID},
 * {@code NETSWEEP_COMPARED_SCAN_ID}, {@code NETSWEEP_COMPARED_WITH}, {@code NETSWEEP_CHANGES},
 * {@code NETSWEEP_ROUND}). Nothing from the network ever goes into the command line. What the command prints (on
 * either stream) goes to netsweep's standard error, control characters escaped, so it never mixes with the
 * watch's own output. A command still running after the timeout is stopped, with whatever it started.
 * Thread-safe: each delivery has a process of its own.
 */
final class ExecHook implements AlertHook {
    /** How long a command stopped with SIGTERM has before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final String command;
    private final Duration timeout;
    private final PrintWriter err;

    ExecHook(String command, Duration timeout, PrintWriter err) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public String name() {
        return "--exec";
    }

    @Override
    public Delivery deliver(Alert alert) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("NETSWEEP_ROUND", Long.toString(alert.round()));
        env.put("NETSWEEP_SCAN_ID", Long.toString(alert.scanId()));
        env.put("NETSWEEP_COMPARED_SCAN_ID", Long.toString(alert.comparedId()));
        env.put("NETSWEEP_COMPARED_WITH", alert.against().label());
        env.put("NETSWEEP_CHANGES", Integer.toString(alert.changes()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Delivery.Failed("cannot start /bin/sh: " + reason(e));
        }
        Thread output = Thread.ofVirtual().name("netsweep-exec-output").start(() -> copyOutput(p));
        Thread input = Thread.ofVirtual().name("netsweep-exec-input").start(() -> feed(p, alert.json()));
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                stop(p);
                return new Delivery.Failed("still running after " + WatchCommand.text(timeout) + ": stopped");
            }
        } catch (InterruptedException e) {
            stop(p);
            throw e;
        } finally {
            input.interrupt();
        }
        // What it printed just before exiting is still on its way: let it through, but never wait on a child
        // the command left running with the pipe open.
        output.join(GRACE);
        int status = p.exitValue();
        return status == 0 ? new Delivery.Delivered() : new Delivery.Failed("exited with status " + status);
    }

    /** Writes the JSON and closes standard input; a command that does not read it is its own business. */
    private static void feed(Process p, String json) {
        try (OutputStream in = p.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // it exited or closed its input without reading all of it
        }
    }

    private void copyOutput(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                err.println(TerminalText.visible(line));
                err.flush();
            }
        } catch (IOException e) {
            // the pipe closed under us: the process is gone
        }
    }

    /** SIGTERM to the command and everything it started, SIGKILL after {@link #GRACE}. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        // each delivery's process is stopped or ended before deliver returns
    }
}
