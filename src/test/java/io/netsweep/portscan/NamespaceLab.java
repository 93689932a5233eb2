package io.netsweep.portscan;

import io.netsweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh, private network namespace ({@code unshare --net}): only
 * a loopback interface, no route anywhere, its own nftables and sysctls. The namespace dies with the process;
 * the process is killed (by its own handle) if it overruns. Requires root.
 */
public final class NamespaceLab {
    /** What the child printed as {@code key=value} lines, plus its exit code and error stream. */
    public record Outcome(int exitCode, Properties values, String stderr) {
        public String get(String key) {
            String v = values.getProperty(key);
            if (v == null) {
                throw new AssertionError("child printed no " + key + "; stderr:\n" + stderr + "\nvalues: " + values);
            }
            return v;
        }

        public long number(String key) {
            return Long.parseLong(get(key));
        }
    }

    private NamespaceLab() {
    }

    /**
     * Skips the calling test where namespaces cannot be used here, or fails it when
     * {@code NETSWEEP_STRICT_TESTS=1} (CI): see {@link Prerequisites}.
     */
    public static void requireAvailable() {
        String reason = unavailableReason();
        Prerequisites.require(reason.isEmpty(), "network namespace tests cannot run: " + reason);
    }

    /** Why namespaces cannot be used here, or empty if they can. */
    static String unavailableReason() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            if (!status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"))) {
                return "needs root for unshare --net, nft and ip";
            }
            for (String tool : List.of("/usr/bin/unshare", "/usr/sbin/nft", "/usr/sbin/ip", "/usr/bin/prlimit")) {
                if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr", "")))) {
                    return tool + " is missing";
                }
            }
            Process p = new ProcessBuilder("unshare", "--net", "true").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unshare --net hangs";
            }
            return p.exitValue() == 0 ? "" : "unshare --net fails: " + new String(p.getInputStream().readAllBytes());
        } catch (IOException e) {
            return "cannot check for namespaces: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Runs {@code main} with {@code args} in a new network namespace, optionally under a lower fd limit, and
     * returns what it printed.
     */
    static Outcome run(Class<?> main, List<String> args, int fdLimit, Duration timeout)
            throws IOException, InterruptedException {
        return run(main, args, fdLimit, timeout, classpath());
    }

    /**
     * Runs {@code main} of any package with {@code args} in a new network namespace, on this JVM's whole class
     * path (libraries included), and returns what it printed.
     */
    public static Outcome run(Class<?> main, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        return run(main, args, 0, timeout, System.getProperty("java.class.path"));
    }

    private static Outcome run(Class<?> main, List<String> args, int fdLimit, Duration timeout, String classpath)
            throws IOException, InterruptedException {
        // lo must be up before the JVM starts, or the JDK decides at start-up that there is no IPv6.
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net", "--", "sh", "-c",
                "ip link set lo up && exec \"$@\"", "sh"));
        if (fdLimit > 0) {
            cmd.addAll(List.of("prlimit", "--nofile=" + fdLimit + ":" + fdLimit, "--"));
        }
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", classpath, main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread outPump = Thread.ofVirtual().start(() -> pump(p.getInputStream(), out));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("namespace child overran " + timeout + ": " + out.toString(StandardCharsets.UTF_8));
            }
            outPump.join();
            errPump.join();
            Properties values = new Properties();
            values.load(new StringReader(out.toString(StandardCharsets.UTF_8)));
            return new Outcome(p.exitValue(), values, err.toString(StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void pump(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException e) {
            // The child died; what was read so far is the output.
        }
    }

    private static String classpath() {
        return location(NamespaceLab.class) + java.io.File.pathSeparator + location(ConnectScanner.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
