package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Parsing the kernel's neighbor tables; the texts were captured from a lab scanner namespace. */
class NeighborTableTest {
    /** /proc/net/arp right after probing two live and two empty addresses (flags 0x0: still resolving). */
    static final String PROC_NET_ARP = """
            IP address       HW type     Flags       HW address            Mask     Device
            10.231.0.15      0x1         0x2         02:31:00:00:00:05     *        eth0
            10.231.0.254     0x1         0x2         02:31:ff:00:00:02     *        eth0
            10.231.0.201     0x1         0x0         00:00:00:00:00:00     *        eth0
            10.231.0.11      0x1         0x2         02:31:00:00:00:01     *        eth0
            10.231.0.200     0x1         0x0         00:00:00:00:00:00     *        eth0
            10.231.0.30      0x1         0x2         f4:f5:d8:31:00:14     *        eth0
            10.231.0.99      0x1         0x6         00:1b:21:00:00:99     *        eth0
            """;

    /** ip -6 neigh show, same moment, plus a router entry as iproute2 prints it. */
    static final String IP_6_NEIGH = """
            fd00:231::15 dev eth0 lladdr 02:31:00:00:00:05 DELAY
            fd00:231::200 dev eth0 INCOMPLETE
            fd00:231::13 dev eth0 lladdr 02:31:00:00:00:03 DELAY
            fd00:231::fe dev eth0 lladdr 02:31:ff:00:00:02 STALE
            fd00:231::201 dev eth0 FAILED
            fe80::31:ff:fe00:1d dev eth0 lladdr 02:31:00:00:00:1d STALE
            fe80::1 dev eth0 lladdr 00:00:0c:9f:f0:01 router REACHABLE
            fd00:231::27 dev eth0 lladdr 02:31:00:00:00:11 PROBE
            """;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.231.0.15, 02:31:00:00:00:05, COMPLETE",
            "10.231.0.254, 02:31:ff:00:00:02, COMPLETE",
            "10.231.0.30, f4:f5:d8:31:00:14, COMPLETE",
            "10.231.0.99, 00:1b:21:00:00:99, PERMANENT"})
    void resolvedArpEntriesArePresentWithTheirMac(String ip, String mac, NeighborState state) {
        NeighborTable t = NeighborTable.parseProcNetArp(PROC_NET_ARP);

        NeighborEntry e = t.present(InetAddress.ofLiteral(ip)).orElseThrow();
        assertThat(e.mac()).contains(MacAddress.parse(mac));
        assertThat(e.state()).isEqualTo(state);
        assertThat(e.device()).isEqualTo("eth0");
    }

    @Test
    void unresolvedArpEntriesDoNotCount() {
        NeighborTable t = NeighborTable.parseProcNetArp(PROC_NET_ARP);

        assertThat(t.lookup(InetAddress.ofLiteral("10.231.0.200"))).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(NeighborState.INCOMPLETE);
            assertThat(e.mac()).isEmpty();
        });
        assertThat(t.present(InetAddress.ofLiteral("10.231.0.200"))).isEmpty();
        assertThat(t.present(InetAddress.ofLiteral("10.231.0.201"))).isEmpty();
        assertThat(t.present(InetAddress.ofLiteral("10.231.0.77"))).as("never probed").isEmpty();
        assertThat(t.size()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} is {1}, present={2}")
    @CsvSource({
            "fd00:231::15, DELAY, true",
            "fd00:231::13, DELAY, true",
            "fd00:231::fe, STALE, true",
            "fd00:231::27, PROBE, true",
            "fe80::1, REACHABLE, true",
            "fd00:231::200, INCOMPLETE, false",
            "fd00:231::201, FAILED, false"})
    void ndpStatesDecidePresence(String ip, NeighborState state, boolean present) {
        NeighborTable t = NeighborTable.parseIpNeigh(IP_6_NEIGH);

        NeighborEntry e = t.lookup(InetAddress.ofLiteral(ip)).orElseThrow();
        assertThat(e.state()).isEqualTo(state);
        assertThat(e.present()).isEqualTo(present);
        assertThat(t.present(InetAddress.ofLiteral(ip)).isPresent()).isEqualTo(present);
    }

    @Test
    void theRouterFlagDoesNotHideTheStateOrMac() {
        NeighborEntry e = NeighborTable.parseIpNeigh(IP_6_NEIGH).lookup(InetAddress.ofLiteral("fe80::1")).orElseThrow();
        assertThat(e.mac()).contains(MacAddress.parse("00:00:0c:9f:f0:01"));
    }

    @Test
    void garbageLinesAreSkippedNeverResolved() {
        NeighborTable t = NeighborTable.parseIpNeigh("""
                not-an-address dev eth0 lladdr 02:00:00:00:00:01 REACHABLE
                example.com dev eth0 lladdr 02:00:00:00:00:02 REACHABLE
                10.0.0.1 dev eth0 lladdr zz:zz REACHABLE

                """);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.present(InetAddress.ofLiteral("10.0.0.1"))).as("no MAC, so not present").isEmpty();
        assertThat(NeighborTable.parseProcNetArp("IP address HW type Flags\n1.2.3.4 0x1 zz\n").size()).isZero();
    }

    @Test
    void mergingPrefersTheNewerSnapshot() {
        NeighborTable older = NeighborTable.parseIpNeigh("fd00:231::200 dev eth0 INCOMPLETE\n");
        NeighborTable newer = NeighborTable.parseIpNeigh("fd00:231::200 dev eth0 lladdr 02:00:00:00:02:00 REACHABLE\n");
        assertThat(older.merge(newer).present(InetAddress.ofLiteral("fd00:231::200"))).isPresent();
    }
}
