package io.netsweep.output;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.scan.ScanSummary;
import io.netsweep.testing.Reports;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Realistic event sequences, built from the plain records a session emits. */
final class Scans {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    static final InetAddress A5 = ip("10.0.0.5");
    static final InetAddress A6 = ip("10.0.0.6");
    static final InetAddress A7 = ip("10.0.0.7");
    static final MacAddress MAC = MacAddress.parse("02:42:ac:11:00:02");
    static final ServiceIdentity OLLAMA = new ServiceIdentity("Ollama", Optional.of("0.5.7"), "llm-server",
            AuthState.NONE, List.of("llama3:8b", "qwen2.5:7b"), "GET /api/tags listed 2 models without credentials");

    private Scans() {}

    static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    static Started started(PortSet ports) {
        return new Started(T0, "netsweep -p 22,80,11434 10.0.0.0/29", 8, ports, DiscoveryMethod.ICMP_RAW);
    }

    static HostUp up(InetAddress a, String reason, double rttMs) {
        return new HostUp(new HostInfo(a, reason, Optional.of(ms(rttMs)), Optional.empty(), Optional.empty()));
    }

    static PortObserved open(InetAddress a, int port, String service, double rttMs) {
        return new PortObserved(a, port, PortState.OPEN, service, "syn-ack", Optional.of(ms(rttMs)));
    }

    /** The finding an Ollama that answers anyone raises (with a CVE, as a version finding would carry). */
    static final io.netsweep.finding.Finding OLLAMA_OPEN = new io.netsweep.finding.Finding("llm-api-no-auth",
            io.netsweep.finding.Severity.HIGH, "LLM inference API answers without credentials: anyone can use its models",
            "Ollama: GET /api/tags listed 2 models", List.of("CVE-2024-37032"),
            List.of("https://nvd.nist.gov/vuln/detail/CVE-2024-37032"));

    static ScanSummary summary(double seconds, long targets, long up, long open) {
        return new ScanSummary(T0, T0.plus(ms(seconds * 1000)), targets, up, open, 24);
    }

    /**
     * A /29 scan: 10.0.0.5 (ssh and an open Ollama, named, with MAC), 10.0.0.7 (http, no name),
     * 10.0.0.6 reported down; events of the two hosts interleave as a real session's do.
     */
    static List<ScanEvent> typical() {
        return List.of(
                started(PortSet.of(22, 80, 11434)),
                new Progress(0, 8, 0, Duration.ZERO, Optional.empty()),
                new HostUp(new HostInfo(A5, "icmp-echo", Optional.of(ms(0.4)), Optional.of(MAC),
                        Optional.of("Acme Networks"))),
                open(A5, 22, "ssh", 0.35),
                up(A7, "tcp-syn-ack", 1.2),
                open(A5, 11434, "unknown", 0.5),
                new HostnameResolved(A5, Optional.of("build-01.lab.example"), DnsStatus.OK),
                open(A7, 80, "http", 1.25),
                new ServiceIdentified(A5, 11434, Reports.ai(OLLAMA)),
                new HostnameResolved(A7, Optional.empty(), DnsStatus.NXDOMAIN),
                new Progress(20, 32, 1234.56, Duration.ofMillis(1500), Optional.of(Duration.ofMillis(1700))),
                new HostCompleted(A5),
                new HostDown(A6),
                new HostCompleted(A6),
                new HostCompleted(A7),
                new Progress(32, 32, 1500, Duration.ofMillis(3100), Optional.of(Duration.ZERO)),
                new Finished(summary(3.2, 8, 2, 3)));
    }

    /** One instance of every kind of event, keyed by its record class. */
    static Map<Class<?>, ScanEvent> oneOfEach() {
        Map<Class<?>, ScanEvent> all = new LinkedHashMap<>();
        for (ScanEvent e : typical()) {
            all.putIfAbsent(e.getClass(), e);
        }
        all.put(ScanEvent.FindingRaised.class, new ScanEvent.FindingRaised(A5, 11434, OLLAMA_OPEN));
        all.put(Cancelled.class, new Cancelled(summary(1.5, 8, 1, 1)));
        all.put(Failed.class, new Failed("raw socket closed unexpectedly", summary(0.2, 8, 0, 0)));
        return all;
    }
}
