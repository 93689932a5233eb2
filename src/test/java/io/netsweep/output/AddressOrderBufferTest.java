package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.PortCounts;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressOrderBufferTest {

    private static HostRecord completed(String ip, int ports) {
        HostRecord r = new HostRecord(Scans.ip(ip));
        r.up(Scans.up(r.address(), "user-set", 1).host());
        for (int p = 1; p <= ports; p++) {
            r.port(Scans.open(r.address(), p, "x", 1));
        }
        r.completed(PortCounts.NONE);
        return r;
    }

    private static List<String> ips(List<HostRecord> hosts) {
        return hosts.stream().map(h -> AddressFormat.format(h.address())).toList();
    }

    @Test
    void releasesOnlyHostsBelowTheFirstUnsettledTarget() {
        AddressOrderBuffer b = new AddressOrderBuffer();
        for (String ip : List.of("10.0.0.9", "10.0.0.3", "::1", "10.0.0.200", "10.0.0.20")) {
            assertThat(b.completed(completed(ip, 1))).isEmpty();
        }
        assertThat(ips(b.settledBelow(Scans.ip("10.0.0.3")))).isEmpty();
        assertThat(ips(b.settledBelow(Scans.ip("10.0.0.21")))).containsExactly("10.0.0.3", "10.0.0.9", "10.0.0.20");
        assertThat(ips(b.settledBelow(Scans.ip("::")))).containsExactly("10.0.0.200");
        assertThat(ips(b.drain(List.of()))).containsExactly("::1");
    }

    @Test
    void drainMergesUnfinishedHostsIntoAddressOrder() {
        AddressOrderBuffer b = new AddressOrderBuffer();
        b.completed(completed("10.0.0.7", 0));
        b.completed(completed("10.0.0.2", 0));
        List<HostRecord> unfinished = List.of(new HostRecord(Scans.ip("10.0.0.5")), new HostRecord(Scans.ip("10.0.0.1")));
        assertThat(ips(b.drain(unfinished))).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.5", "10.0.0.7");
        assertThat(b.drain(List.of())).isEmpty();
    }

    @Test
    void pastItsHostBoundTheLowestWaitingHostGoesEarly() {
        AddressOrderBuffer b = new AddressOrderBuffer(3, 1000);
        assertThat(b.completed(completed("10.0.0.4", 0))).isEmpty();
        assertThat(b.completed(completed("10.0.0.2", 0))).isEmpty();
        assertThat(b.completed(completed("10.0.0.3", 0))).isEmpty();
        assertThat(ips(b.completed(completed("10.0.0.9", 0)))).containsExactly("10.0.0.2");
        assertThat(ips(b.completed(completed("10.0.0.1", 0)))).as("order is kept only within the window")
                .containsExactly("10.0.0.1");
    }

    @Test
    void pastItsRowBoundTheLowestWaitingHostsGoEarly() {
        AddressOrderBuffer b = new AddressOrderBuffer(100, 10);
        assertThat(b.completed(completed("10.0.0.5", 4))).isEmpty(); // 5 rows: the host and its ports
        assertThat(b.completed(completed("10.0.0.6", 3))).isEmpty(); // 9
        assertThat(ips(b.completed(completed("10.0.0.7", 3)))).containsExactly("10.0.0.5"); // 13, then 8
        assertThat(ips(b.completed(completed("10.0.0.9", 30)))).as("a lone big host stays")
                .containsExactly("10.0.0.6", "10.0.0.7");
        assertThat(ips(b.drain(List.of()))).containsExactly("10.0.0.9");
    }

    @Test
    void aRepeatedHostReplacesItsEarlierRecord() {
        AddressOrderBuffer b = new AddressOrderBuffer(100, 10);
        b.completed(completed("10.0.0.5", 8));
        assertThat(b.completed(completed("10.0.0.5", 8))).isEmpty();
        assertThat(b.drain(List.of())).hasSize(1);
    }

    @Test
    void ipv4ComesBeforeIpv6AndNumbersCompareUnsigned() {
        AddressOrderBuffer b = new AddressOrderBuffer();
        for (String ip : List.of("fe80::1", "200.0.0.1", "8000::1", "9.255.255.255", "::2")) {
            b.completed(completed(ip, 0));
        }
        InetAddress top = Scans.ip("ffff::");
        assertThat(ips(b.settledBelow(top))).containsExactly("9.255.255.255", "200.0.0.1", "::2", "8000::1", "fe80::1");
    }
}
