package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.service.ServiceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders one host for people: a header line, nmap's "Not shown" count of the ports left out, then
 * (when there are ports) an aligned table PORT STATE SERVICE, with nmap's VERSION when services were
 * detected (and AUTH when an AI/ML product was), and a port's CPE names, TLS summary, banner, models
 * and evidence, an MCP server's tools with their access, and each finding of the port (a line starting
 * {@code !} with its severity, title and CVE identifiers) on indented lines under its row. Every network-derived string passes through
 * {@link TerminalText#sanitize}. Stateless.
 */
final class HostTable {
    private static final String GAP = "  ";
    private static final String DETAIL_INDENT = "    ";

    private HostTable() {}

    /** {@code Host 10.0.0.5 (name.example)  up  icmp-echo 0.4 ms  02:42:ac:11:00:02 (Vendor)}. */
    static String header(HostRecord host) {
        StringBuilder sb = new StringBuilder("Host ").append(AddressFormat.format(host.address()));
        host.hostname().ifPresent(name -> sb.append(" (").append(TerminalText.sanitize(name)).append(')'));
        Optional<HostInfo> up = host.upInfo();
        if (up.isPresent()) {
            HostInfo info = up.get();
            sb.append(GAP).append("up").append(GAP).append(TerminalText.sanitize(info.reason()));
            info.rtt().ifPresent(rtt -> sb.append(' ').append(Numbers.rttForPeople(rtt)));
            info.mac().ifPresent(mac -> {
                sb.append(GAP).append(mac);
                info.vendor().ifPresent(v -> sb.append(" (").append(TerminalText.sanitize(v)).append(')'));
            });
        } else if (host.isDown()) {
            sb.append(GAP).append("down");
        }
        return sb.toString();
    }

    /**
     * nmap's count of the ports left out of the table, {@code Not shown: 997 closed, 2 filtered}, or
     * nothing when every probed port is in the table.
     */
    static Optional<String> notShown(HostRecord host) {
        PortCounts n = host.notShown();
        List<String> parts = new ArrayList<>(3);
        for (PortState state : PortState.values()) {
            if (n.of(state) > 0) {
                parts.add(n.of(state) + " " + state.label());
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of("Not shown: " + String.join(", ", parts));
    }

    /**
     * The port table, or nothing when no port was reported. With service detection, nmap's VERSION column
     * and, for ports an AI/ML product answers, AUTH; under a row, indented, what does not fit in a column:
     * CPE names, the TLS summary, an unrecognised service's first bytes, an AI product's models and evidence.
     */
    static List<String> ports(HostRecord host) {
        if (host.portNumbers().isEmpty() && host.udpPorts().isEmpty()) {
            return List.of();
        }
        boolean detected = host.hasServices();
        boolean ai = host.hasAiServices();
        List<String[]> rows = new ArrayList<>();
        List<List<String>> details = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("PORT", "STATE", "SERVICE"));
        if (detected) {
            header.add("VERSION");
        }
        if (ai) {
            header.add("AUTH");
        }
        rows.add(header.toArray(String[]::new));
        details.add(List.of());
        for (int port : host.portNumbers()) {
            Optional<PortObserved> observed = host.port(port);
            Optional<ServiceReport> report = host.service(port);
            String registered = observed.map(PortObserved::service).orElse("unknown");
            List<String> row = new ArrayList<>(header.size());
            row.add(port + "/tcp");
            row.add(observed.map(p -> p.state().label()).orElse("open"));
            row.add(TerminalText.sanitize(report.map(r -> serviceColumn(r, registered)).orElse(registered)));
            if (detected) {
                row.add(TerminalText.sanitize(report.map(ServiceText::fullVersion).orElse("")));
            }
            if (ai) {
                row.add(report.flatMap(ServiceReport::ai).map(i -> i.auth().label()).orElse(""));
            }
            rows.add(row.toArray(String[]::new));
            details.add(withFindings(report.map(HostTable::details).orElse(List.of()), host.findings(port)));
        }
        for (PortObserved udp : host.udpPorts()) {
            Optional<ServiceReport> report = host.udpService(udp.port());
            List<String> row = new ArrayList<>(header.size());
            row.add(udp.port() + "/udp");
            row.add(udp.state().label());
            row.add(TerminalText.sanitize(report.map(r -> serviceColumn(r, udp.service())).orElse(udp.service())));
            if (detected) {
                row.add(TerminalText.sanitize(report.map(ServiceText::fullVersion).orElse("")));
            }
            while (row.size() < header.size()) {
                row.add("");
            }
            rows.add(row.toArray(String[]::new));
            details.add(withFindings(report.map(HostTable::details).orElse(List.of()),
                    host.findings(Protocol.UDP, udp.port())));
        }
        return align(rows, details);
    }

    /** A port's detail lines, then a line per finding of the port. */
    private static List<String> withFindings(List<String> details, List<Finding> findings) {
        List<String> under = new ArrayList<>(details);
        for (Finding f : findings) {
            under.add(DETAIL_INDENT + "! " + f.severity().label().toUpperCase(java.util.Locale.ROOT) + " "
                    + TerminalText.sanitize(f.title())
                    + (f.cves().isEmpty() ? "" : " (" + String.join(", ", f.cves()) + ")"));
        }
        return under;
    }

    /** The detected name; for a service nothing recognised, the port's registered name with nmap's {@code ?}. */
    private static String serviceColumn(ServiceReport r, String registered) {
        if (!r.service().equals("unknown")) {
            return ServiceText.name(r);
        }
        String guess = registered.equals("unknown") ? "unknown" : registered + "?";
        return r.tunnel().map(t -> t + "/" + guess).orElse(guess);
    }

    private static List<String> details(ServiceReport r) {
        List<String> lines = new ArrayList<>(4);
        if (!r.cpes().isEmpty()) {
            lines.add(DETAIL_INDENT + "cpe: " + TerminalText.sanitize(String.join(" ", r.cpes())));
        }
        r.tls().ifPresent(t -> lines.add(DETAIL_INDENT + "tls: " + TerminalText.sanitize(ServiceText.tlsBrief(t))));
        r.banner().ifPresent(b -> lines.add(DETAIL_INDENT + "banner: " + TerminalText.sanitize(b)));
        r.ai().ifPresent(id -> {
            if (!id.models().isEmpty()) {
                lines.add(DETAIL_INDENT + "models: "
                        + String.join(", ", id.models().stream().map(TerminalText::sanitize).toList()));
            }
            if (!id.evidence().isBlank()) {
                lines.add(DETAIL_INDENT + "evidence: " + TerminalText.sanitize(id.evidence()));
            }
        });
        r.mcp().filter(m -> m.toolsListed()).ifPresent(m -> lines.add(DETAIL_INDENT + "tools: " + TerminalText.sanitize(
                m.tools().isEmpty() ? "none" : String.join(", ", m.tools().stream()
                        .map(t -> t.name() + " (" + t.access() + ")").toList())
                        + (m.toolCount() > m.tools().size() ? ", +" + (m.toolCount() - m.tools().size()) + " more" : ""))));
        return lines;
    }

    private static List<String> align(List<String[]> rows, List<List<String>> details) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], displayWidth(row[c]));
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder sb = new StringBuilder();
            String[] row = rows.get(r);
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    sb.append(GAP);
                }
                sb.append(row[c]);
                if (c < columns - 1) {
                    sb.repeat(' ', width[c] - displayWidth(row[c]));
                }
            }
            lines.add(sb.toString().stripTrailing());
            lines.addAll(details.get(r));
        }
        return lines;
    }

    private static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }
}
