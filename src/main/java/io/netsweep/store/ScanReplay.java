package io.netsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.finding.Finding;
import io.netsweep.finding.FindingRules;
import io.netsweep.finding.Severity;
import io.netsweep.identify.AuthState;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanSummary;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plays a stored scan back as the events it reported, so every output writer renders it as it rendered the
 * live scan: {@code Started}, each host with its ports, name, services and findings and its {@code HostCompleted},
 * then the scan's end. A scan stored as incomplete (its process was killed) ends with {@code Failed}, and
 * the hosts it had not finished are left without {@code HostCompleted}, as the writers expect of a scan cut
 * short. Services come back as the report netsweep's detection gave, or as an imported nmap scan's
 * {@code service} element said (name, product, version, extra information). Stateless.
 */
public final class ScanReplay {
    /** The message of the terminal event of a scan whose process stopped before it ended. */
    public static final String INCOMPLETE = "scan incomplete: netsweep stopped before the scan ended";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanReplay() {}

    /** Sends the scan's events to {@code listener}, in order, on this thread. */
    public static void replay(StoredScan scan, ScanListener listener) {
        ScanEntry e = scan.entry();
        StoredPorts.Ports ports = StoredPorts.parse(e.ports())
                .orElse(new StoredPorts.Ports(PortSet.empty(), PortSet.empty()));
        listener.onEvent(new ScanEvent.Started(e.startedAt(), e.command(), e.targetCount(), ports.tcp(),
                discovery(e.discovery()), e.scanType().orElse(ScanType.CONNECT), false, ports.udp()));
        for (StoredScan.Host h : scan.hosts()) {
            if (h.up()) {
                listener.onEvent(new ScanEvent.HostUp(new HostInfo(h.address(), h.reason().orElse("unknown"),
                        h.rtt(), h.mac().flatMap(ScanReplay::mac), h.vendor())));
            } else {
                listener.onEvent(new ScanEvent.HostDown(h.address()));
            }
            for (StoredScan.Port p : h.ports()) {
                listener.onEvent(new ScanEvent.PortObserved(h.address(), p.port(), p.state(), p.service(), p.reason(),
                        p.rtt(), p.protocol()));
            }
            if (h.dns().isPresent()) {
                listener.onEvent(new ScanEvent.HostnameResolved(h.address(), h.hostname(), dnsStatus(h.dns().get())));
            }
            for (StoredScan.Service s : h.services()) {
                report(s).ifPresent(r -> listener.onEvent(
                        new ScanEvent.ServiceIdentified(h.address(), s.port(), r, s.protocol())));
            }
            h.findings().stream().map(f -> finding(f).map(x -> new ScanEvent.FindingRaised(h.address(), f.port(), x,
                            f.protocol())))
                    .flatMap(Optional::stream)
                    .sorted(java.util.Comparator.comparing(ScanEvent.FindingRaised::protocol)
                            .thenComparingInt(ScanEvent.FindingRaised::port)
                            .thenComparing(ScanEvent.FindingRaised::finding, FindingRules.ORDER))
                    .forEach(listener::onEvent);
            if (h.completed()) {
                listener.onEvent(new ScanEvent.HostCompleted(h.address(), h.notShown()));
            }
        }
        ScanSummary summary = new ScanSummary(e.startedAt(), e.endedAt().orElse(e.startedAt()), e.targetCount(),
                e.hostsUp(), e.openPorts(), e.probesSent().orElse(0));
        listener.onEvent(switch (e.status()) {
            case FINISHED -> new ScanEvent.Finished(summary);
            case CANCELLED -> new ScanEvent.Cancelled(summary);
            case FAILED -> new ScanEvent.Failed(e.message().orElse("scan failed"), summary);
            case RUNNING -> new ScanEvent.Failed("scan still running: this is what it has stored so far", summary);
            case INCOMPLETE -> new ScanEvent.Failed(INCOMPLETE, summary);
        });
    }

    private static DiscoveryMethod discovery(Optional<String> label) {
        return Arrays.stream(DiscoveryMethod.values()).filter(m -> label.map(m.label()::equals).orElse(false))
                .findFirst().orElse(DiscoveryMethod.NONE);
    }

    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static DnsStatus dnsStatus(String label) {
        try {
            return DnsStatus.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return DnsStatus.MALFORMED;
        }
    }

    /**
     * The service report a stored service holds, read back from the detector's JSON: netsweep's own
     * {@code service} event, or an imported nmap {@code service} element. Empty for a detector this version
     * does not know or a record it cannot read.
     */
    static Optional<ServiceReport> report(StoredScan.Service s) {
        try {
            JsonNode n = JSON.readTree(s.json());
            return switch (s.kind()) {
                case Observation.ServiceSeen.IDENTIFY -> Optional.of(fromEvent(n));
                case Observation.ServiceSeen.NMAP -> fromNmap(n);
                default -> Optional.empty();
            };
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ServiceReport fromEvent(JsonNode n) {
        Optional<ServiceIdentity> ai = text(n, "auth").map(label -> {
            List<String> models = new ArrayList<>();
            n.path("models").forEach(m -> models.add(m.asText()));
            return new ServiceIdentity(n.path("product").asText(""), text(n, "version"),
                    n.path("category").asText(""), auth(label), models, n.path("evidence").asText(""));
        });
        List<String> cpes = new ArrayList<>();
        n.path("cpe").forEach(c -> cpes.add(c.asText()));
        ServiceReport.Method method = n.path("method").asText("probed").equals("table")
                ? ServiceReport.Method.TABLE : ServiceReport.Method.PROBED;
        return new ServiceReport(n.path("service").asText("unknown"), text(n, "product"), text(n, "version"),
                text(n, "extra_info"), cpes, tls(n.get("tls")), text(n, "banner"), ai, method,
                Math.clamp(n.path("confidence").asInt(10), 0, 10), n.path("evidence").asText(""), mcp(n.get("mcp")));
    }

    /** An MCP server as the service event wrote it. */
    private static Optional<McpServer> mcp(JsonNode m) {
        if (m == null || !m.isObject()) {
            return Optional.empty();
        }
        McpServer.Transport transport = m.path("transport").asText("").equals(McpServer.Transport.HTTP_SSE.label())
                ? McpServer.Transport.HTTP_SSE : McpServer.Transport.STREAMABLE_HTTP;
        List<String> servers = new ArrayList<>();
        m.path("authorization_servers").forEach(s -> servers.add(s.asText()));
        List<McpTool> tools = new ArrayList<>();
        m.path("tools").forEach(t -> tools.add(new McpTool(t.path("name").asText(""), hint(t.get("read_only_hint")),
                hint(t.get("destructive_hint")))));
        return Optional.of(new McpServer(transport, m.path("endpoint").asText("/"), text(m, "server_name"),
                text(m, "server_version"), text(m, "protocol_version"), auth(m.path("auth").asText("")), servers, tools,
                m.path("tools_listed").asBoolean(false), Math.max(tools.size(), m.path("tool_count").asInt(0)),
                count(m.get("resources")), count(m.get("prompts"))));
    }

    private static Optional<Boolean> hint(JsonNode b) {
        return b != null && b.isBoolean() ? Optional.of(b.asBoolean()) : Optional.empty();
    }

    private static java.util.OptionalInt count(JsonNode n) {
        return n != null && n.isInt() ? java.util.OptionalInt.of(n.asInt()) : java.util.OptionalInt.empty();
    }

    /** nmap's {@code service} attributes; a service nmap only named from its table stays a port name. */
    private static Optional<ServiceReport> fromNmap(JsonNode n) {
        if (!n.path("method").asText("").equals("probed")) {
            return Optional.empty();
        }
        return Optional.of(new ServiceReport(n.path("name").asText("unknown"), text(n, "product"), text(n, "version"),
                text(n, "extrainfo"), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                ServiceReport.Method.PROBED,
                Math.clamp(n.path("conf").asInt(10), 0, 10), "imported from nmap"));
    }

    /** A stored finding, read back from its event's JSON; empty for one this version cannot read. */
    static Optional<Finding> finding(StoredScan.Finding f) {
        try {
            JsonNode n = JSON.readTree(f.json());
            List<String> cves = new ArrayList<>();
            n.path("cves").forEach(c -> cves.add(c.asText()));
            List<String> refs = new ArrayList<>();
            n.path("references").forEach(r -> refs.add(r.asText()));
            return Severity.of(n.path("severity").asText("")).map(severity -> new Finding(n.path("id").asText(f.id()),
                    severity, n.path("title").asText(""), n.path("detail").asText(""), cves, refs));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<TlsSummary> tls(JsonNode t) {
        if (t == null || !t.isObject()) {
            return Optional.empty();
        }
        List<String> sans = new ArrayList<>();
        t.path("sans").forEach(san -> sans.add(san.asText()));
        return Optional.of(new TlsSummary(t.path("protocol").asText(""), t.path("cipher").asText(""),
                text(t, "subject_cn"), t.path("subject").asText(""), t.path("issuer").asText(""), sans,
                Instant.parse(t.path("not_before").asText()), Instant.parse(t.path("not_after").asText()),
                t.path("self_signed").asBoolean(false), t.path("public_key").asText(""),
                t.path("sha256").asText("")));
    }

    private static AuthState auth(String label) {
        for (AuthState a : AuthState.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return AuthState.UNKNOWN;
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
