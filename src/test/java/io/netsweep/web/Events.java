package io.netsweep.web;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanSummary;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Scan events as an engine reports them, for tests that feed the web side by hand. */
final class Events {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private Events() {}

    /** 127.0.x.y for host number {@code n}. */
    static InetAddress address(int n) {
        return InetAddress.ofLiteral("127.0." + (n >> 8 & 0xff) + "." + (n & 0xff));
    }

    static ScanEvent.Started started(long targets) {
        return new ScanEvent.Started(T0, "netsweep test", targets, PortSet.of(22, 80), DiscoveryMethod.TCP_CONNECT);
    }

    static ScanEvent.HostUp host(int n) {
        return new ScanEvent.HostUp(new HostInfo(address(n), "tcp-syn-ack", Optional.of(Duration.ofNanos(90_000)),
                Optional.of(new MacAddress(0x02_42_ac_11_00_00L + n)), Optional.of("Example Lab Devices")));
    }

    static ScanEvent.PortObserved port(int n, int port) {
        return new ScanEvent.PortObserved(address(n), port, PortState.OPEN, "http", "syn-ack",
                Optional.of(Duration.ofNanos(120_000)));
    }

    static ScanEvent.HostnameResolved name(int n, String name) {
        return new ScanEvent.HostnameResolved(address(n), Optional.of(name), DnsStatus.OK);
    }

    static ScanEvent.Progress progress(long done, long total) {
        return new ScanEvent.Progress(done, total, 100.0, Duration.ofMillis(done), Optional.empty());
    }

    static ScanEvent.Finished finished(long up, long open) {
        return new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), up, up, open, up * 2));
    }

    static ScanEvent.Cancelled cancelled() {
        return new ScanEvent.Cancelled(new ScanSummary(T0, T0.plusSeconds(1), 1, 0, 0, 1));
    }
}
