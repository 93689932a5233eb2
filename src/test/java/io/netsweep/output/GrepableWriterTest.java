package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static io.netsweep.output.Scans.A7;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.testing.Reports;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nmap's grepable format: the lines nmap writes, and nothing network-derived can break a line or a field. */
class GrepableWriterTest {
    private static final Instant LATER = Instant.parse("2025-03-01T12:05:00Z");

    static String write(boolean listPorts, List<ScanEvent> events) throws Exception {
        StringWriter out = new StringWriter();
        try (GrepableWriter w = new GrepableWriter(out, "0.1.0", ZoneOffset.UTC, InstantSource.fixed(LATER), listPorts)) {
            events.forEach(w::onEvent);
        }
        return out.toString();
    }

    @Test
    void aTypicalScanIsOneStatusLineAndOnePortsLinePerHostBetweenTheComments() throws Exception {
        assertThat(write(false, Scans.typical())).isEqualTo("""
                # netsweep 0.1.0 scan initiated Sat Mar  1 12:00:00 2025 as: netsweep -p 22,80,11434 10.0.0.0/29
                Host: 10.0.0.5 (build-01.lab.example)\tStatus: Up
                Host: 10.0.0.5 (build-01.lab.example)\tPorts: 22/open/tcp//ssh///, 11434/open/tcp//http//Ollama 0.5.7 (llm-server)/
                Host: 10.0.0.6 ()\tStatus: Down
                Host: 10.0.0.7 ()\tStatus: Up
                Host: 10.0.0.7 ()\tPorts: 80/open/tcp//http///
                # netsweep done at Sat Mar  1 12:00:03 2025 -- 8 IP addresses (2 hosts up) scanned in 3.20 seconds
                """);
    }

    @Test
    void verboseModeListsThePortsScannedAsNmapDoes() throws Exception {
        String text = write(true, Scans.typical());
        assertThat(text.lines().toList().get(1))
                .isEqualTo("# Ports scanned: TCP(3;22,80,11434) UDP(0;) SCTP(0;) PROTOCOLS(0;)");
    }

    @Test
    void everyEntryHasSevenSlashSeparatedFieldsWhateverTheServiceSays() throws Exception {
        ServiceIdentity hostile = new ServiceIdentity("Evil/Prod, 1/open/tcp//x", Optional.of("1.0\t\n2/3"),
                "llm-server\r\nHost: 6.6.6.6 ()\tPorts: 1/open/tcp///", AuthState.NONE, List.of(), "e\u001b]0;t\u0007");
        String text = write(false, List.of(
                Scans.started(PortSet.of(8000, 8001)),
                Scans.up(A5, "icmp-echo", 0.3),
                new PortObserved(A5, 8000, PortState.OPEN, "a/b,c", "syn-ack", Optional.empty()),
                new PortObserved(A5, 8001, PortState.CLOSED, "unknown", "conn-refused", Optional.empty()),
                new ServiceIdentified(A5, 8000, Reports.ai(hostile)),
                new HostnameResolved(A5, Optional.of("x)\tStatus: Down\n(y"), DnsStatus.OK),
                new HostCompleted(A5),
                new ScanEvent.Finished(Scans.summary(1, 2, 1, 1))));
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n')).isEmpty();
        String ports = lines.get(2);
        assertThat(ports.chars().filter(c -> c == '\t')).hasSize(1);
        String list = ports.substring(ports.indexOf("Ports: ") + "Ports: ".length());
        List<String> entries = List.of(list.split(", "));
        assertThat(entries).hasSize(2);
        for (String e : entries) {
            assertThat(e.split("/", -1)).as(e).hasSize(8); // seven fields and the closing slash
        }
        assertThat(entries.get(1)).isEqualTo("8001/closed/tcp/////");
        assertThat(lines.get(1)).startsWith("Host: 10.0.0.5 (x]").endsWith("\tStatus: Up")
                .satisfies(l -> assertThat(l.chars().filter(c -> c == '\t')).hasSize(1));
    }

    @Test
    void detectedServicesFillTheServiceAndVersionFieldsAsNmapWritesThem() throws Exception {
        String text = write(false, List.of(Scans.started(PortSet.of(22, 443, 9999)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), Scans.open(A5, 443, "https", 1), Scans.open(A5, 9999, "distinct", 1),
                new ServiceIdentified(A5, 22, Reports.openSsh()), new ServiceIdentified(A5, 443, Reports.nginxTls()),
                new ServiceIdentified(A5, 9999, Reports.unknown("hello")),
                new HostCompleted(A5, new PortCounts(0, 997, 0)), new ScanEvent.Finished(Scans.summary(1, 1, 1, 3))));
        assertThat(text.lines().toList().get(2)).isEqualTo("Host: 10.0.0.5 ()\tPorts: "
                + "22/open/tcp//ssh//OpenSSH 9.2p1 (protocol 2.0; Debian 2+deb12u10)/, "
                + "443/open/tcp//ssl|http//nginx 1.22.1/, 9999/open/tcp//distinct///\tIgnored State: closed (997)");
    }

    @Test
    void ignoredStateOnlyWhenTheUnlistedPortsAreAllInOneState() throws Exception {
        String two = write(false, List.of(Scans.started(PortSet.of(22)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), new HostCompleted(A5, new PortCounts(0, 990, 9)),
                new ScanEvent.Finished(Scans.summary(1, 1, 1, 1))));
        assertThat(two).contains("Host: 10.0.0.5 ()\tPorts: 22/open/tcp//ssh///\n").doesNotContain("Ignored");
        String none = write(false, List.of(Scans.started(PortSet.of(22)), Scans.up(A5, "tcp-syn-ack", 1),
                new HostCompleted(A5, new PortCounts(0, 1000, 0)), new ScanEvent.Finished(Scans.summary(1, 1, 1, 0))));
        assertThat(none.lines()).filteredOn(l -> l.startsWith("Host:")).containsExactly("Host: 10.0.0.5 ()\tStatus: Up");
    }

    @Test
    void aCancelledScanStillEndsWithItsFooterAndItsHosts() throws Exception {
        String text = write(false, List.of(
                Scans.started(PortSet.of(22)),
                Scans.up(A7, "tcp-syn-ack", 1),
                Scans.open(A7, 22, "ssh", 1),
                new Cancelled(Scans.summary(0.5, 8, 1, 1))));
        assertThat(text).contains("Host: 10.0.0.7 ()\tPorts: 22/open/tcp//ssh///\n")
                .endsWith("# netsweep cancelled at Sat Mar  1 12:00:00 2025 -- 8 IP addresses (1 host up) scanned in 0.50 seconds\n");
    }

    @Test
    void aDocumentClosedBeforeItsScanEndedIsStillComplete() throws Exception {
        String text = write(false, List.of(Scans.started(PortSet.of(22))));
        assertThat(text).startsWith("# netsweep 0.1.0 scan initiated ")
                .endsWith("# netsweep interrupted at Sat Mar  1 12:05:00 2025 -- 0 IP addresses (0 hosts up) scanned in 299.88 seconds\n");
        assertThat(write(false, List.of())).startsWith("# netsweep 0.1.0 scan initiated Sat Mar  1 12:05:00 2025 as: netsweep\n")
                .contains("# netsweep interrupted at");
    }

    @Test
    void downHostsAppearOnlyWhenReported() throws Exception {
        String text = write(false, List.of(
                Scans.started(PortSet.of(22)),
                new HostnameResolved(A5, Optional.of("only-a-name.example"), DnsStatus.OK),
                new HostCompleted(A5),
                new HostDown(A7),
                new HostCompleted(A7),
                new ScanEvent.Finished(Scans.summary(1, 2, 0, 0))));
        assertThat(text).doesNotContain("only-a-name").contains("Host: 10.0.0.7 ()\tStatus: Down\n");
    }
}
