package io.netsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The scenario of {@link SsAgreementTest}, run in a fresh network namespace where only its own listeners
 * exist: opens listeners bound in every way, asks {@code ss} which ports are reachable at 127.0.0.1, scans
 * {@code -p- 127.0.0.1} through the command line in this JVM, asks {@code ss} again, and prints what each
 * said as {@code key=value} lines (ports comma-separated, ascending). Refuses to run in a namespace that
 * has an interface besides {@code lo}.
 */
public final class SsAgreementMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SsAgreementMain() {
    }

    public static void main(String[] args) throws Exception {
        String links = run("ip", "-o", "link", "show");
        if (links.lines().count() != 1 || !links.contains(": lo:")) {
            throw new IllegalStateException("not in a fresh network namespace; refusing to run in this one:\n" + links);
        }
        try (ServerSocket onLoopback = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket onAny = new ServerSocket();
             ServerSocket dualStack = new ServerSocket();
             ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            onAny.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            dualStack.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            print("listener.loopback", String.valueOf(onLoopback.getLocalPort()));
            print("listener.any", String.valueOf(onAny.getLocalPort()));
            print("listener.dualstack", String.valueOf(dualStack.getLocalPort()));
            print("listener.elsewhere", String.valueOf(elsewhere.getLocalPort()));
            print("ss.before", join(reachableFromSs()));

            CliRunner r = CliRunner.run("-p-", "-n", "--no-save", "-o", "json", "127.0.0.1");
            print("exit", String.valueOf(r.exitCode()));
            print("stderr", r.err().replaceAll("\\s+", " "));
            Set<Integer> found = new TreeSet<>();
            for (String line : r.out().lines().toList()) {
                JsonNode n = JSON.readTree(line);
                if (n.path("type").asText().equals("port")) {
                    found.add(n.path("port").asInt());
                }
            }
            print("scan.open", join(found));
            print("ss.after", join(reachableFromSs()));
        }
        System.out.flush();
    }

    /** Ports reachable at 127.0.0.1 according to ss (v6only sockets on [::] are not). */
    private static Set<Integer> reachableFromSs() throws IOException, InterruptedException {
        String out = run("ss", "-ltnHe");
        boolean v6onlyDefault = Files.readString(Path.of("/proc/sys/net/ipv6/bindv6only")).trim().equals("1");
        Set<Integer> ports = new TreeSet<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            String local = f[3];
            int colon = local.lastIndexOf(':');
            String host = local.substring(0, colon);
            int port = Integer.parseInt(local.substring(colon + 1));
            boolean v6only = line.contains("v6only:1") || (v6onlyDefault && !line.contains("v6only:0"));
            // Java's sockets are IPv6 ones: an IPv4 bind shows as [::ffff:127.0.0.1], a wildcard as *.
            if (host.equals("127.0.0.1") || host.equals("[::ffff:127.0.0.1]") || host.equals("0.0.0.0")
                    || host.equals("[::ffff:0.0.0.0]") || ((host.equals("*") || host.equals("[::]")) && !v6only)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static String join(Set<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + value.replace("\\", "\\\\"));
    }
}
