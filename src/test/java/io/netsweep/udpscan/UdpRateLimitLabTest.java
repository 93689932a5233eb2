package io.netsweep.udpscan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UDP scan of a target in a namespace of its own, over a veth link, under the kernel's default ICMP rate limit
 * (a burst of six errors, then one a second): closed ports must all be closed (none taken for open|filtered because
 * their error was suppressed), nftables drops open|filtered, nftables rejects with admin-prohibited filtered, and a
 * real DNS server (dnsmasq) open.
 */
class UdpRateLimitLabTest {
    private static final List<Integer> CLOSED = IntStream.rangeClosed(40001, 40012).boxed().toList();
    private static final List<Integer> DROPPED = IntStream.rangeClosed(41001, 41008).boxed().toList();
    private static final List<Integer> REJECTED = IntStream.rangeClosed(42001, 42003).boxed().toList();

    @BeforeAll
    static void lab() {
        UdpLab.requireAvailable();
    }

    private static String set(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static void scanAndCheck(String family, String target) throws Exception {
        try (UdpLab lab = UdpLab.open(family)) {
            lab.targetRules("table " + family + " netsweep_udp {\n"
                    + "  chain input {\n    type filter hook input priority 0;\n"
                    + "    udp dport { " + set(DROPPED) + " } drop\n"
                    + "    udp dport { " + set(REJECTED) + " } reject with "
                    + (family.equals("ip") ? "icmp type admin-prohibited" : "icmpv6 type admin-prohibited") + "\n"
                    + "  }\n}\n");
            List<Integer> all = new ArrayList<>(CLOSED);
            all.addAll(DROPPED);
            all.addAll(REJECTED);
            String spec = all.stream().map(String::valueOf).collect(Collectors.joining(","));
            Properties out = lab.runInScanner(UdpScanChild.class, List.of(target, spec), Duration.ofSeconds(120));
            assertEquals(String.valueOf(all.size()), out.getProperty("results"), "one result per port: " + out);
            for (int p : CLOSED) {
                assertEquals("closed port-unreach", out.getProperty("port." + p), "port " + p + " in " + out);
            }
            for (int p : DROPPED) {
                assertEquals("open|filtered no-response", out.getProperty("port." + p), "port " + p + " in " + out);
            }
            for (int p : REJECTED) {
                assertEquals("filtered admin-prohibited", out.getProperty("port." + p), "port " + p + " in " + out);
            }
        }
    }

    @Test
    void everyClosedPortIsClosedUnderTheDefaultIcmpRateLimitOnIpv4() throws Exception {
        scanAndCheck("ip", UdpLab.TARGET_IP);
    }

    @Test
    void everyClosedPortIsClosedUnderTheDefaultIcmpRateLimitOnIpv6() throws Exception {
        scanAndCheck("ip6", UdpLab.TARGET_IP6);
    }
}
