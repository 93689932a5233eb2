package io.netsweep.output;


import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (python3, ndiff) as an independent consumer of what the writers produce. */
final class ExternalTool {
    private ExternalTool() {}

    record Result(int exitCode, String stdout, String stderr) {}

    /** The first of {@code candidates} that exists; the test is skipped (strict: fails) when none does. */
    static String require(String... candidates) {
        for (String c : candidates) {
            if (c.contains("/") ? Files.isExecutable(Path.of(c)) : onPath(c)) {
                return c;
            }
        }
        Prerequisites.missing("none of " + List.of(candidates) + " is installed");
        return null;
    }

    /** Runs {@code python3 -c script args...} with {@code stdin}; fails the test if it does not end in 60 s. */
    static Result python(String script, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(require("/usr/bin/python3", "python3"), "-c", script));
        command.addAll(List.of(args));
        return run(command, stdin);
    }

    static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        try {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var stderrBytes = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread.ofVirtual().start(() -> {
                try {
                    stderrBytes.complete(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    stderrBytes.completeExceptionally(e);
                }
            });
            byte[] stdout = p.getInputStream().readAllBytes();
            byte[] stderr = stderrBytes.join();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not end within 60 s");
            }
            return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
