package io.netsweep.udpscan;

import io.netsweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces of its own joined by a veth pair: a scanner ({@value #SCANNER_IP}, no other interface and
 * no route out) and a target ({@value #TARGET_IP}) with the kernel's default ICMP rate limit (a veth is not loopback,
 * which the limit spares), an nftables table of its own and daemons started in it. Names carry the JVM's pid, so
 * runs of several developers never collide; {@link #close} kills what it started (by handle) and deletes both
 * namespaces, which removes the interfaces and rules with them. Requires root.
 */
final class UdpLab implements AutoCloseable {
    static final String SCANNER_IP = "10.77.0.1";
    static final String TARGET_IP = "10.77.0.2";
    static final String SCANNER_IP6 = "fd77::1";
    static final String TARGET_IP6 = "fd77::2";

    final String scanner;
    final String target;
    private final List<Process> daemons = new ArrayList<>();
    private final Path dir;

    private UdpLab(String tag) throws IOException {
        long pid = ProcessHandle.current().pid();
        scanner = "nsu" + tag + "s" + pid;
        target = "nsu" + tag + "t" + pid;
        dir = Files.createTempDirectory("netsweep-udplab");
    }

    /** Skips (or in CI fails) where the lab cannot be built: not root, or no ip/nft. */
    static void requireAvailable() {
        boolean root = ProcessHandle.current().info().user().map("root"::equals).orElse(false);
        Prerequisites.require(root, "the UDP lab needs root (ip netns, nft)");
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/nft")) || Files.isExecutable(Path.of("/sbin/nft")),
                "the UDP lab needs nft (nftables)");
    }

    /** Builds the two namespaces and the link; {@code tag} (a few letters) keeps two labs of one JVM apart. */
    static UdpLab open(String tag) throws IOException, InterruptedException {
        UdpLab lab = new UdpLab(tag);
        try {
            lab.sh("ip netns add " + lab.scanner);
            lab.sh("ip netns add " + lab.target);
            lab.sh("ip -n " + lab.scanner + " link add veth0 type veth peer name veth1 netns " + lab.target);
            for (String ns : List.of(lab.scanner, lab.target)) {
                lab.sh("ip -n " + ns + " link set lo up");
            }
            lab.sh("ip -n " + lab.scanner + " addr add " + SCANNER_IP + "/24 dev veth0");
            lab.sh("ip -n " + lab.target + " addr add " + TARGET_IP + "/24 dev veth1");
            lab.sh("ip -n " + lab.scanner + " addr add " + SCANNER_IP6 + "/64 dev veth0 nodad");
            lab.sh("ip -n " + lab.target + " addr add " + TARGET_IP6 + "/64 dev veth1 nodad");
            lab.sh("ip -n " + lab.scanner + " link set veth0 up");
            lab.sh("ip -n " + lab.target + " link set veth1 up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Loads {@code ruleset} (nft syntax) into the target namespace. */
    void targetRules(String ruleset) throws IOException, InterruptedException {
        Path file = dir.resolve("rules.nft");
        Files.writeString(file, ruleset);
        sh("ip netns exec " + target + " nft -f " + file);
    }

    /** Starts {@code command} in the target namespace; it is killed by {@link #close}. */
    Process startInTarget(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", target));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("daemon"
                + daemons.size() + ".log").toFile()).start();
        daemons.add(p);
        return p;
    }

    /** The scratch directory, removed by {@link #close}. */
    Path dir() {
        return dir;
    }

    /** What {@code main} printed as {@code key=value} lines, run in the scanner namespace on this JVM's class path. */
    Properties runInScanner(Class<?> main, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", scanner,
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = Thread.ofVirtual().start(() -> pump(p.getInputStream(), out));
            Thread e = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("scanner child overran " + timeout + ": " + out.toString(StandardCharsets.UTF_8));
            }
            o.join();
            e.join();
            if (p.exitValue() != 0) {
                throw new AssertionError("scanner child failed (" + p.exitValue() + "): " + err.toString(StandardCharsets.UTF_8));
            }
            Properties values = new Properties();
            values.load(new StringReader(out.toString(StandardCharsets.UTF_8)));
            return values;
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void pump(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
        } catch (IOException e) {
            // the child died; what was read is the output
        }
    }

    void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("`" + command + "` failed: " + out.strip());
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process d : daemons) {
            d.descendants().forEach(ProcessHandle::destroyForcibly);
            d.destroyForcibly();
            d.waitFor(10, TimeUnit.SECONDS);
        }
        for (String ns : List.of(scanner, target)) {
            try {
                new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
            } catch (IOException e) {
                // best effort: nothing else to do
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
