package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that a scan outside the scope sends nothing: the MCP client and the server run in a network namespace of
 * their own ({@code unshare --net}), where 192.0.2.0/24 is routed out of a veth and an nftables rule counts every
 * packet sent to it. Addresses, and hostnames a dnsmasq in the namespace resolves there (one name wholly outside,
 * one with an address inside and one outside), are refused; the counter stays at zero, and one connection the script
 * makes itself afterwards shows that the counter counts.
 */
class McpScopeNetnsTest {
    private static final Pattern COUNTER = Pattern.compile("(before|after) packets (\\d+)");

    @TempDir
    Path dir;

    @Test
    void nothingIsSentToAddressesOrHostnamesOutsideTheScope() throws Exception {
        Prerequisites.require("0".equals(uid()), "the scope proof builds a network namespace: run the tests as root");
        for (String tool : List.of("/usr/bin/unshare", "/usr/sbin/nft", "/usr/sbin/ip", "/usr/sbin/dnsmasq")) {
            Prerequisites.require(Files.isExecutable(Path.of(tool)), "the scope proof needs " + tool);
        }
        Path counters = dir.resolve("counters.txt");
        Path script = dir.resolve("netns.sh");
        Files.writeString(script, """
                set -eu
                ip link set lo up
                ip link add nswa type veth peer name nswb
                ip link set nswa up
                ip link set nswb up
                ip route add 192.0.2.0/24 dev nswa
                nft add table inet nswmcp
                nft add chain inet nswmcp out '{ type filter hook output priority 0; policy accept; }'
                nft add rule inet nswmcp out ip daddr 192.0.2.0/24 counter
                dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --port=5353 \\
                  --listen-address=127.0.0.1 --bind-interfaces --user=root --local=/test/ \\
                  --host-record=inside.test,127.0.0.5 --host-record=outside.test,192.0.2.7 \\
                  --host-record=mixed.test,127.0.0.6 --host-record=mixed.test,192.0.2.8 2>/dev/null &
                dns=$!
                trap 'kill $dns 2>/dev/null || true' EXIT
                # Ready when its socket is bound (polled, with a deadline of ten seconds).
                for _ in $(seq 200); do
                  ss -Hlun 'sport = :5353' | grep -q . && break
                  sleep 0.05
                done
                ss -Hlun 'sport = :5353' | grep -q .
                "$@" || status=$?
                echo "before $(nft list table inet nswmcp | grep -o 'packets [0-9]*')" > "$COUNTERS"
                timeout 2 bash -c 'exec 3<>/dev/tcp/192.0.2.50/80' 2>/dev/null || true
                echo "after $(nft list table inet nswmcp | grep -o 'packets [0-9]*')" >> "$COUNTERS"
                exit ${status:-0}
                """);
        List<String> server = new ArrayList<>(NetsweepCommand.of("mcp", "--db", dir.resolve("scans.db").toString(),
                "--scope", "127.0.0.0/8", "--dns-server", "127.0.0.1:5353", "--dns-timeout", "2000"));
        List<String> wrapper = List.of("/usr/bin/env", "COUNTERS=" + counters, "/usr/bin/unshare", "--net", "/bin/bash",
                script.toString());
        List<String> driver = new ArrayList<>(List.of("stdio"));
        driver.addAll(server);
        try (NodeMcpClient client = NodeMcpClient.wrapped(wrapper, driver)) {
            assertThat(NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"192.0.2.7\",\"ports\":\"80\"}")))
                    .contains("outside the scope (127.0.0.0/8): 192.0.2.7");
            assertThat(NodeMcpClient.toolError(client.tool("scan", "{\"targets\":[\"127.0.0.1\",\"192.0.2.0/28\"],"
                    + "\"skip_discovery\":true,\"ports\":\"80\"}"))).contains("14 addresses are outside");
            assertThat(NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"outside.test\",\"ports\":\"80\"}")))
                    .contains("1 address is outside").contains("192.0.2.7");
            // A name with one address inside and one outside: every address is checked, not only the first.
            assertThat(NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"mixed.test\",\"ports\":\"80\"}")))
                    .contains("1 address is outside").contains("192.0.2.8").doesNotContain("127.0.0.6");
            JsonNode inside = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"inside.test\","
                    + "\"ports\":\"9\",\"skip_discovery\":true,\"wait\":true}"));
            assertThat(inside.path("status").asText()).isEqualTo("finished");
            JsonNode results = NodeMcpClient.structured(client.tool("scan_results",
                    "{\"scan_id\":" + inside.path("scan_id").asLong() + "}"));
            assertThat(results.path("targets").asText()).isEqualTo("inside.test");
        }
        String text = Files.readString(counters);
        Matcher m = COUNTER.matcher(text);
        long before = -1;
        long after = -1;
        while (m.find()) {
            long n = Long.parseLong(m.group(2));
            if (m.group(1).equals("before")) {
                before = n;
            } else {
                after = n;
            }
        }
        assertThat(before).as("packets to 192.0.2.0/24 while the MCP server ran: " + text).isZero();
        assertThat(after).as("the counter counts the script's own connection: " + text).isPositive();
    }

    private static String uid() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
