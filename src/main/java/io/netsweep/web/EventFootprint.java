package io.netsweep.web;

import io.netsweep.identify.ServiceIdentity;
import io.netsweep.scan.ScanEvent;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.util.List;
import java.util.Optional;

/**
 * An upper bound on the heap one logged event holds, so that the web UI's scan logs can be kept
 * within a budget of bytes rather than a count that says nothing about memory. Stateless.
 *
 * <p>Measured on JDK 25 (compressed oops, 100,000 events of each kind, heap in use after full
 * collections): a host up with RTT, MAC and vendor 183 bytes, a port 140, a hostname 164; a detected
 * service (OpenSSH with extra information and a CPE name) 659, nginx over TLS with its certificate summary
 * 1,395, an AI/ML product with two models 852. Each includes its own {@code InetAddress} (48 bytes) and
 * the text only it holds. The estimate is a fixed {@value #PER_EVENT} bytes (the record, its address,
 * its optionals and durations, its slot in the log) plus, for every string the event alone holds
 * (names, vendors, products, versions, evidence, models, certificate fields), {@value #PER_STRING} bytes
 * and two per character (UTF-16 at worst), plus fixed amounts for a service report's own records
 * ({@value #REPORT}, {@value #IDENTITY} for an AI identification, {@value #TLS} for a TLS summary).
 * Strings engines share across events (reasons, IANA service names) are not counted. So it errs high:
 * 160 for that port, 238 for that host, 244 for that name, 906, 1,820 and 1,182 for those services.
 */
final class EventFootprint {
    static final int PER_EVENT = 160;
    static final int PER_STRING = 40;
    /** A service report's record, optionals and lists, besides its strings. */
    static final int REPORT = 200;
    /** A finding's record and lists, besides its strings. */
    static final int FINDING = 120;
    /** An MCP server's record, and each tool's, besides their strings. */
    static final int MCP = 160;
    static final int TOOL = 64;
    /** An AI/ML identification's record and model list, besides its strings. */
    static final int IDENTITY = 80;
    /** A TLS summary's record, instants and name list, besides its strings. */
    static final int TLS = 160;

    private EventFootprint() {}

    static long of(ScanEvent event) {
        return PER_EVENT + switch (event) {
            case ScanEvent.Started s -> text(s.commandLine()) + text(s.ports().toString());
            case ScanEvent.HostUp h -> text(h.host().vendor());
            case ScanEvent.HostDown _, ScanEvent.PortObserved _, ScanEvent.HostCompleted _, ScanEvent.Progress _ -> 0;
            case ScanEvent.HostnameResolved r -> text(r.hostname());
            case ScanEvent.ServiceIdentified s -> report(s.report());
            case ScanEvent.FindingRaised f -> FINDING + text(f.finding().title()) + text(f.finding().detail())
                    + texts(f.finding().cves()) + texts(f.finding().references());
            case ScanEvent.Finished _, ScanEvent.Cancelled _ -> 0;
            case ScanEvent.Failed f -> text(f.message());
        };
    }

    private static long report(ServiceReport r) {
        long bytes = REPORT + text(r.service()) + text(r.product()) + text(r.version()) + text(r.extraInfo())
                + texts(r.cpes()) + text(r.banner()) + text(r.evidence());
        bytes += r.ai().map(EventFootprint::identity).orElse(0L);
        bytes += r.tls().map(EventFootprint::tls).orElse(0L);
        bytes += r.mcp().map(m -> MCP + text(m.name()) + text(m.version()) + text(m.endpoint())
                + texts(m.authorizationServers())
                + m.tools().stream().mapToLong(t -> TOOL + text(t.name())).sum()).orElse(0L);
        return bytes;
    }

    private static long identity(ServiceIdentity id) {
        return IDENTITY + text(id.product()) + text(id.version()) + text(id.category()) + text(id.evidence())
                + texts(id.models());
    }

    private static long tls(TlsSummary t) {
        return TLS + text(t.protocol()) + text(t.cipherSuite()) + text(t.subjectCn()) + text(t.subject())
                + text(t.issuer()) + texts(t.sans()) + text(t.publicKey()) + text(t.sha256());
    }

    private static long texts(List<String> strings) {
        long bytes = 0;
        for (String s : strings) {
            bytes += text(s);
        }
        return bytes;
    }

    private static long text(Optional<String> s) {
        return s.map(EventFootprint::text).orElse(0L);
    }

    private static long text(String s) {
        return s == null ? 0 : PER_STRING + 2L * s.length();
    }
}
