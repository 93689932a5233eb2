package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One finished command of a packaging test: its exit code and its output (stdout and stderr together, or stdout
 * alone). A command that outlives its deadline is killed (its whole process tree) and fails the test.
 * Immutable; {@link #of} blocks the calling thread.
 */
record Run(int code, String out, String err) {

    /** The project the tests run from (Maven sets netsweep.project.dir). */
    static final Path PROJECT = Path.of(System.getProperty("netsweep.project.dir", ".")).toAbsolutePath();

    /** Runs {@code command} in {@code dir} with exactly {@code env} (nothing inherited), waiting up to {@code limit}. */
    static Run of(Path dir, Map<String, String> env, Duration limit, List<String> command) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("still running after " + limit + ": " + command);
        }
        return new Run(p.exitValue(), out, err.join());
    }

    /** Runs {@code command} with a plain PATH and nothing else from this JVM's environment. */
    static Run of(Duration limit, String... command) throws IOException, InterruptedException {
        return of(PROJECT, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C.UTF-8"), limit, List.of(command));
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Asserts exit code 0, showing the output otherwise; returns this. */
    Run ok() {
        assertThat(code).as("exit code of a command; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        return this;
    }

    /** True where this process runs as root (the Debian root, chroot and file capabilities need it). */
    static boolean root() throws IOException, InterruptedException {
        return of(Duration.ofSeconds(10), "id", "-u").out().strip().equals("0");
    }
}
