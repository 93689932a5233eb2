package io.netsweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One finished netsweep process ({@link NetsweepCommand}): its arguments, exit code, stdout and stderr, each
 * read whole. An assertion on the exit code shows both streams, so a failure says why netsweep exited as it
 * did (its one {@code netsweep: ...} line is on stderr). Immutable; {@link #of} blocks the calling thread.
 */
public record NetsweepRun(List<String> args, int exitCode, String stdout, String stderr) {
    /** Long enough for any scan a test runs, short enough that a hung process fails its test. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(120);

    public NetsweepRun {
        args = List.copyOf(args);
    }

    /** Runs netsweep with {@code args} (stdin closed) and waits up to {@link #DEFAULT_LIMIT} for it to end. */
    public static NetsweepRun of(String... args) throws IOException, InterruptedException {
        return of(DEFAULT_LIMIT, args);
    }

    /** As {@link #of(String...)}, waiting up to {@code limit}; a process still running then is killed and fails the test. */
    public static NetsweepRun of(Duration limit, String... args) throws IOException, InterruptedException {
        return run(NetsweepCommand.of(args), List.of(args), limit);
    }

    /**
     * Runs {@code command}, a {@link NetsweepCommand} wrapped in another (such as {@code ip netns exec}), as
     * {@link #of(Duration, String...)} does; {@link #args} is then the whole command.
     */
    public static NetsweepRun ofCommand(List<String> command, Duration limit) throws IOException, InterruptedException {
        return run(command, command, limit);
    }

    private static NetsweepRun run(List<String> command, List<String> args, Duration limit)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // stderr on its own thread: a process blocked writing one stream must not stall the reading of the other
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()),
                task -> Thread.ofVirtual().start(task));
        String out = read(p.getInputStream());
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("netsweep " + String.join(" ", args) + " still running after " + limit);
        }
        return new NetsweepRun(args, p.exitValue(), out, err.join());
    }

    /** Asserts the exit code, showing the command, stderr and stdout when it differs; returns this. */
    public NetsweepRun assertExit(int expected) {
        assertThat(exitCode).as(this::describe).isEqualTo(expected);
        return this;
    }

    /** Asserts exit code 0 (see {@link #assertExit}); returns this. */
    public NetsweepRun assertSuccess() {
        return assertExit(0);
    }

    /** Stdout's lines. */
    public List<String> lines() {
        return stdout.lines().toList();
    }

    /** The command, its exit code and both streams, for an assertion's message. */
    public String describe() {
        return "netsweep " + String.join(" ", args) + " exited " + exitCode
                + "%n--- stderr ---%n".formatted() + stderr + "%n--- stdout ---%n".formatted() + stdout;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
