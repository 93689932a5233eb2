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
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    @Test
    void printsEachHostAsAnAlignedBlockWhenItCompletes() {
        assertThat(write(Scans.typical())).isEqualTo("""
                Starting netsweep: 8 addresses, 3 ports, discovery icmp-raw

                Host 10.0.0.5 (build-01.lab.example)  up  icmp-echo 0.4 ms  02:42:ac:11:00:02 (Acme Networks)
                PORT       STATE  SERVICE  PRODUCT  VERSION  CATEGORY    AUTH
                22/tcp     open   ssh
                11434/tcp  open   unknown  Ollama   0.5.7    llm-server  none
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
    void nothingOfAHostIsPrintedBeforeItCompletes() {
        List<ScanEvent> events = Scans.typical();
        StringWriter out = new StringWriter();
        TableWriter w = new TableWriter(new PrintWriter(out));
        int firstCompletion = events.indexOf(new HostCompleted(A5));
        events.subList(0, firstCompletion).forEach(w::onEvent);
        assertThat(out.toString()).doesNotContain("10.0.0.5", "10.0.0.7");

        w.onEvent(events.get(firstCompletion));
        assertThat(out.toString()).contains("10.0.0.5", "11434/tcp").doesNotContain("10.0.0.7", "80/tcp");
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
    void cancelledScanPrintsUnfinishedHostsThenSaysSo() {
        String out = write(List.of(Scans.started(PortSet.of(22)),
                Scans.up(A5, "tcp-syn-ack", 1), Scans.open(A5, 22, "ssh", 1),
                new Cancelled(Scans.summary(1.5, 1, 1, 1))));
        assertThat(out).endsWith("""
                Host 10.0.0.5  up  tcp-syn-ack 1 ms
                PORT    STATE  SERVICE
                22/tcp  open   ssh

                netsweep cancelled after 1.5 s: 1 address, 1 host up, 1 open port
                """);
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
                new ServiceIdentified(A6, 8080, hostile),
                new HostCompleted(A6)));

        assertThat(out).doesNotContain(esc, "\r", "\u009b", "\u202e", "\u0007");
        List<String> lines = out.lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("Host ")).hasSize(1);
        assertThat(lines.getFirst()).isEqualTo("Host 10.0.0.6 (evil\\nHost 6.6.6.6  up  icmp-echo)  up  arp  02:42:ac:11:00:02 (Vendor\\u202eevil)");
        assertThat(lines).filteredOn(l -> l.startsWith("8080/tcp")).singleElement().asString()
                .contains("Ollama\\r\\n22/tcp open  1  ").doesNotContain("2J");
        assertThat(lines).filteredOn(l -> l.startsWith("22/tcp")).isEmpty();
        assertThat(lines).contains("    models: m\\n1, hidden", "    evidence: line1\\nline2");
    }

    @Test
    void columnsAlignToTheWidestCellOfTheHost() {
        List<ScanEvent> events = new ArrayList<>(List.of(Scans.up(A5, "icmp-echo", 1)));
        for (int port : List.of(7, 443, 65535)) {
            events.add(Scans.open(A5, port, port == 443 ? "https" : "x", 1));
        }
        events.add(new HostCompleted(A5));
        List<String> lines = write(events).lines().toList();
        assertThat(lines).containsSequence(
                "PORT       STATE  SERVICE",
                "7/tcp      open   x",
                "443/tcp    open   https",
                "65535/tcp  open   x");
    }
}
