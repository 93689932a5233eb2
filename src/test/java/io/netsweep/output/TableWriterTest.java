package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static io.netsweep.output.Scans.A6;
import static io.netsweep.output.Scans.A7;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.testing.Reports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableWriterTest {

    private static String write(List<ScanEvent> events) {
        StringWriter out = new StringWriter();
        TableWriter w = new TableWriter(new PrintWriter(out));
        events.forEach(w::onEvent);
        return out.toString();
    }

    private static Progress settledBelow(InetAddress first) {
        return new Progress(1, 2, 100, Duration.ofSeconds(1), Optional.empty(), Optional.of(first));
    }

    @Test
    void printsEachHostAsAnAlignedBlock() {
        assertThat(write(Scans.typical())).isEqualTo("""
                Starting netsweep: 8 addresses, 3 ports, discovery icmp-raw, connect scan

                Host 10.0.0.5 (build-01.lab.example)  up  icmp-echo 0.4 ms  02:42:ac:11:00:02 (Acme Networks)
                PORT       STATE  SERVICE  VERSION                    AUTH
                22/tcp     open   ssh
                11434/tcp  open   http     Ollama 0.5.7 (llm-server)  none
                    models: llama3:8b, qwen2.5:7b
                    evidence: GET /api/tags listed 2 models without credentials

                Host 10.0.0.6  down

                Host 10.0.0.7  up  tcp-syn-ack 1.2 ms
                PORT    STATE  SERVICE
                80/tcp  open   http

                netsweep done: 8 addresses, 2 hosts up, 3 open ports in 3.2 s
                """);
    }

    @Test
    void aHostIsPrintedOnceItAndEveryLowerTargetHaveSettled() {
        List<ScanEvent> events = Scans.typical();
        StringWriter out = new StringWriter();
        TableWriter w = new TableWriter(new PrintWriter(out));
        int firstCompletion = events.indexOf(new HostCompleted(A5));
        events.subList(0, firstCompletion).forEach(w::onEvent);
        w.onEvent(settledBelow(A5));
        assertThat(out.toString()).doesNotContain("10.0.0.5", "10.0.0.7");

        w.onEvent(events.get(firstCompletion));
        assertThat(out.toString()).as("complete, but not yet known to be the lowest").doesNotContain("10.0.0.5");
        w.onEvent(settledBelow(A6));
        assertThat(out.toString()).contains("10.0.0.5", "11434/tcp").doesNotContain("10.0.0.6", "10.0.0.7", "80/tcp");
    }

    @Test
    void printsHostsInAddressOrderWhateverOrderTheyComplete() {
        var v6 = Scans.ip("fd00::1");
        var a10 = Scans.ip("10.0.0.10");
        List<ScanEvent> events = new ArrayList<>(List.of(Scans.started(PortSet.of(22))));
        for (var a : List.of(v6, a10, A7, A5)) { // completion order
            events.add(Scans.up(a, "tcp-syn-ack", 1));
            events.add(Scans.open(a, 22, "ssh", 1));
            events.add(new HostCompleted(a));
        }
        events.add(settledBelow(A6)); // releases 10.0.0.5 only
        String early = write(events);
        assertThat(early.lines().filter(l -> l.startsWith("Host "))).containsExactly("Host 10.0.0.5  up  tcp-syn-ack 1 ms");

        events.add(new Finished(Scans.summary(2, 8, 4, 4)));
        assertThat(write(events).lines().filter(l -> l.startsWith("Host ")).map(l -> l.split("  ")[0]))
                .containsExactly("Host 10.0.0.5", "Host 10.0.0.7", "Host 10.0.0.10", "Host fd00::1");
    }

    @Test
    void saysHowManyPortsItDoesNotShow() {
        String out = write(List.of(Scans.started(PortSet.range(1, 1000)),
                Scans.up(A5, "tcp-syn-ack", 1), Scans.open(A5, 22, "ssh", 1), new HostCompleted(A5, new PortCounts(0, 997, 2)),
                Scans.up(A6, "tcp-syn-ack", 1), new HostCompleted(A6, new PortCounts(0, 1000, 0)),
                Scans.up(A7, "tcp-syn-ack", 1), new HostCompleted(A7, new PortCounts(0, 0, 1000)),
                new Finished(Scans.summary(2, 8, 3, 1))));
        assertThat(out).contains("""

                Host 10.0.0.5  up  tcp-syn-ack 1 ms
                Not shown: 997 closed, 2 filtered
                PORT    STATE  SERVICE
                22/tcp  open   ssh

                Host 10.0.0.6  up  tcp-syn-ack 1 ms
                Not shown: 1000 closed

                Host 10.0.0.7  up  tcp-syn-ack 1 ms
                Not shown: 1000 filtered

                netsweep done""");
    }

    @Test
    void discoveryOnlyScanPrintsOneLinePerHost() {
        var started = new Started(Scans.T0, "netsweep -sn 10.0.0.0/29", 8, PortSet.empty(), DiscoveryMethod.ICMP_DATAGRAM);
        assertThat(write(List.of(started,
                Scans.up(A5, "icmp-echo", 0.05), new HostnameResolved(A5, Optional.of("a.example"), DnsStatus.OK),
                new HostCompleted(A5),
                Scans.up(A7, "icmp-echo", 12.345), new HostCompleted(A7),
                new Finished(Scans.summary(65, 8, 2, 0))))).isEqualTo("""
                Starting netsweep: 8 addresses, host discovery only (icmp-dgram)

                Host 10.0.0.5 (a.example)  up  icmp-echo 0.05 ms
                Host 10.0.0.7  up  icmp-echo 12 ms

                netsweep done: 8 addresses, 2 hosts up in 1 min 5 s
                """);
    }

    @Test
    void cancelledScanSaysWhichHostsWereStillBeingScanned() {
        String out = write(List.of(Scans.started(PortSet.of(22)),
                Scans.up(A7, "tcp-syn-ack", 1), Scans.open(A7, 22, "ssh", 1),
                Scans.up(A6, "icmp-echo", 2), new HostCompleted(A6, new PortCounts(0, 1, 0)),
                Scans.up(A5, "tcp-syn-ack", 1),
                new Cancelled(Scans.summary(1.5, 8, 3, 1))));
        assertThat(out).endsWith("""
                Host 10.0.0.5  up  tcp-syn-ack 1 ms  scan incomplete (cancelled)

                Host 10.0.0.6  up  icmp-echo 2 ms
                Not shown: 1 closed

                Host 10.0.0.7  up  tcp-syn-ack 1 ms  scan incomplete (cancelled)
                PORT    STATE  SERVICE
                22/tcp  open   ssh

                netsweep cancelled after 1.5 s: 8 addresses, 3 hosts up, 1 open port
                """);
        String failed = write(List.of(Scans.up(A5, "tcp-syn-ack", 1), new Failed("boom", Scans.summary(1, 8, 1, 0))));
        assertThat(failed).startsWith("Host 10.0.0.5  up  tcp-syn-ack 1 ms  scan incomplete (failed)\n");
    }

    @Test
    void failedScanGivesItsReason() {
        String out = write(List.of(new Failed("too many open files\u001b[31m", Scans.summary(0.25, 256, 0, 0))));
        assertThat(out).isEqualTo("netsweep failed after 0.3 s: too many open files; 256 addresses, 0 hosts up, 0 open ports\n");
    }

    @Test
    void hostileNetworkTextCannotForgeLinesOrDriveTheTerminal() {
        String esc = "\u001b";
        String name = "evil" + esc + "[2J" + esc + "]0;pwned\u0007\nHost 6.6.6.6  up  icmp-echo";
        var hostile = new ServiceIdentity("Oll" + esc + "[31mama\r\n22/tcp open", Optional.of("1\u009b2J"), "llm-server",
                AuthState.NONE, List.of("m\n1", esc + "[8mhidden"), "line1\nline2");
        String out = write(List.of(
                new HostUp(new HostInfo(A6, "arp", Optional.empty(), Optional.of(Scans.MAC), Optional.of("Vendor\u202eevil"))),
                Scans.open(A6, 8080, "http-alt", 1),
                new HostnameResolved(A6, Optional.of(name), DnsStatus.OK),
                new ServiceIdentified(A6, 8080, Reports.ai(hostile)),
                new HostCompleted(A6), new Finished(Scans.summary(1, 1, 1, 1))));

        assertThat(out).doesNotContain(esc, "\r", "\u009b", "\u202e", "\u0007");
        List<String> lines = out.lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("Host ")).hasSize(1);
        assertThat(lines.getFirst()).isEqualTo("Host 10.0.0.6 (evil\\nHost 6.6.6.6  up  icmp-echo)  up  arp  02:42:ac:11:00:02 (Vendor\\u202eevil)");
        // The report dropped the control characters already (the rest is inert text); the table escapes the AI fields.
        assertThat(lines).filteredOn(l -> l.startsWith("8080/tcp")).singleElement().asString()
                .contains("Oll[31mama 22/tcp open 12J (llm-server)");
        assertThat(lines).filteredOn(l -> l.startsWith("22/tcp")).isEmpty();
        assertThat(lines).contains("    models: m\\n1, hidden", "    evidence: line1\\nline2");
    }

    @Test
    void serviceDetectionShowsNmapsVersionColumnAndWhatDoesNotFitUnderTheRow() {
        String out = write(List.of(Scans.started(PortSet.of(22, 443, 9999)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), Scans.open(A5, 443, "https", 1), Scans.open(A5, 9999, "distinct", 1),
                Scans.open(A5, 10000, "unknown", 1),
                new ServiceIdentified(A5, 22, Reports.openSsh()), new ServiceIdentified(A5, 443, Reports.nginxTls()),
                new ServiceIdentified(A5, 9999, Reports.unknown("\\x00\\x01hello\\r\\n")),
                new HostCompleted(A5, new PortCounts(0, 996, 0)), new Finished(Scans.summary(1, 1, 1, 4))));

        assertThat(out).contains("""
                Host 10.0.0.5  up  tcp-syn-ack 1 ms
                Not shown: 996 closed
                PORT       STATE  SERVICE    VERSION
                22/tcp     open   ssh        OpenSSH 9.2p1 (protocol 2.0; Debian 2+deb12u10)
                    cpe: cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*
                443/tcp    open   ssl/http   nginx 1.22.1
                    cpe: cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*
                    tls: TLSv1.3 TLS_AES_256_GCM_SHA384, CN=svc.lab.test, self-signed, RSA 2048, valid 2026-12-07 to 2027-12-07
                9999/tcp   open   distinct?
                    banner: \\x00\\x01hello\\r\\n
                10000/tcp  open   unknown
                """);
    }

    @Test
    void columnsAlignToTheWidestCellOfTheHost() {
        List<ScanEvent> events = new ArrayList<>(List.of(Scans.up(A5, "icmp-echo", 1)));
        for (int port : List.of(7, 443, 65535)) {
            events.add(Scans.open(A5, port, port == 443 ? "https" : "x", 1));
        }
        events.add(new HostCompleted(A5));
        events.add(new Finished(Scans.summary(1, 1, 1, 3)));
        List<String> lines = write(events).lines().toList();
        assertThat(lines).containsSequence(
                "PORT       STATE  SERVICE",
                "7/tcp      open   x",
                "443/tcp    open   https",
                "65535/tcp  open   x");
    }
}
