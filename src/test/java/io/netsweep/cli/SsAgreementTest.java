package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.Prerequisites;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep -p- 127.0.0.1 -o json} reports exactly the TCP ports where {@code ss -ltn} shows a
 * listener reachable at 127.0.0.1: bound to 127.0.0.1, to 0.0.0.0, or to a dual-stack {@code ::}.
 */
class SsAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ports reachable at 127.0.0.1 according to ss (v6only sockets on [::] are not). */
    private static Set<Integer> reachableFromSs() throws Exception {
        Process p = new ProcessBuilder("ss", "-ltnHe").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
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

    private static String ssOutput() throws Exception {
        Process p = new ProcessBuilder("ss", "-ltnHe").redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void fullRangeScanOfLoopbackMatchesSs() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "ss (iproute2) is not installed");
        try (ServerSocket onLoopback = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket onAny = new ServerSocket();
             ServerSocket dualStack = new ServerSocket();
             ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            onAny.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            dualStack.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            Set<Integer> expected = reachableFromSs();
            assertThat(expected).as(ssOutput()).contains(onLoopback.getLocalPort(), onAny.getLocalPort(), dualStack.getLocalPort())
                    .doesNotContain(elsewhere.getLocalPort());

            CliRunner r = CliRunner.run("-p-", "-n", "-o", "json", "127.0.0.1");
            assertThat(r.exitCode()).as(r.err()).isZero();
            Set<Integer> found = new TreeSet<>();
            for (String line : r.out().lines().toList()) {
                JsonNode n = JSON.readTree(line);
                if (n.path("type").asText().equals("port")) {
                    found.add(n.path("port").asInt());
                }
            }
            // Listeners opened or closed by others during the scan would make this racy; none of this suite's run meanwhile.
            assertThat(found).isEqualTo(reachableFromSs()).isEqualTo(expected);
        }
    }
}
