package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.service.Cpe;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code <host>} element of nmap's XML (DTD 1.05) for a completed host. Host discovery reasons
 * are mapped to nmap's words ({@code icmp-echo} is {@code echo-reply}, {@code tcp-syn-ack} is
 * {@code syn-ack}, ...). The ports probed and not listed are {@code <extraports>}, per state. A detected
 * service is {@code <service method="probed">} with product, version, extra information (an AI/ML
 * product's category first), {@code tunnel="ssl"} and its CPE names in nmap's URI form; a port without one
 * keeps its registered name ({@code method="table"}, {@link ServiceReport#guessedFromPort}). At most one
 * script per port (see {@link #port}): {@code netsweep-identify} for an AI/ML product's auth state, models
 * and evidence (and its TLS summary), else nmap's {@code ssl-cert} for a service reached through TLS
 * ({@link NmapTlsXml}), else nmap's {@code banner} with an unrecognised service's first bytes. {@code <times>} is the RFC 6298 estimate from the one round
 * trip measured (rttvar half of it, timeout srtt + 4 rttvar), in microseconds. Stateless.
 */
final class NmapHostXml {
    private static final Map<String, String> NMAP_REASONS = Map.of(
            "icmp-echo", "echo-reply",
            "tcp-syn-ack", "syn-ack",
            "tcp-rst", "reset",
            "arp", "arp-response",
            "ndp", "nd-response");

    private NmapHostXml() {}

    static String render(HostRecord host, boolean portScan) {
        StringBuilder x = new StringBuilder(512);
        Optional<HostInfo> up = host.upInfo();
        x.append("<host>");
        if (up.isPresent()) {
            status(x, "up", NMAP_REASONS.getOrDefault(up.get().reason(), up.get().reason()));
        } else if (host.isDown()) {
            status(x, "down", "no-response");
        } else {
            status(x, "unknown", "unknown");
        }
        x.append("<address addr=\"").append(AddressFormat.format(host.address()))
                .append("\" addrtype=\"").append(AddressFormat.family(host.address())).append("\"/>\n");
        up.flatMap(HostInfo::mac).ifPresent(mac -> {
            x.append("<address addr=\"").append(mac.toString().toUpperCase(Locale.ROOT)).append("\" addrtype=\"mac\"");
            up.get().vendor().ifPresent(v -> x.append(" vendor=\"").append(XmlText.attr(v)).append('"'));
            x.append("/>\n");
        });
        x.append("<hostnames>\n");
        host.hostname().ifPresent(name ->
                x.append("<hostname name=\"").append(XmlText.attr(name)).append("\" type=\"PTR\"/>\n"));
        x.append("</hostnames>\n");
        if ((portScan && !host.isDown()) || !host.portNumbers().isEmpty() || !host.udpPorts().isEmpty()) {
            x.append("<ports>");
            extraPorts(x, host.notShown());
            for (int port : host.portNumbers()) {
                port(x, port, host.port(port), host.service(port));
            }
            for (PortObserved udp : host.udpPorts()) {
                udpPort(x, udp, host.udpService(udp.port()));
            }
            x.append("</ports>\n");
        }
        findings(x, host.allFindings());
        up.flatMap(HostInfo::rtt).ifPresent(rtt -> times(x, rtt));
        return x.append("</host>\n").toString();
    }

    private static void status(StringBuilder x, String state, String reason) {
        x.append("<status state=\"").append(state).append("\" reason=\"").append(XmlText.attr(reason))
                .append("\" reason_ttl=\"0\"/>\n");
    }

    /**
     * nmap's {@code <extraports>}: the ports probed and not listed, per state, the largest count first (as nmap
     * orders them), each without the per-reason breakdown nmap adds (the DTD makes it optional).
     */
    private static void extraPorts(StringBuilder x, PortCounts notShown) {
        List<PortState> states = new ArrayList<>(List.of(PortState.values()));
        states.sort(Comparator.comparingInt(notShown::of).reversed());
        for (PortState state : states) {
            if (notShown.of(state) > 0) {
                x.append("<extraports state=\"").append(state.label()).append("\" count=\"").append(notShown.of(state))
                        .append("\"></extraports>\n");
            }
        }
    }

    private static void port(StringBuilder x, int port, Optional<PortObserved> observed, Optional<ServiceReport> report) {
        String state = observed.map(p -> p.state().label()).orElse("open");
        String reason = observed.map(PortObserved::reason).orElse("unknown");
        String registered = observed.map(PortObserved::service).orElse("unknown");
        x.append("<port protocol=\"tcp\" portid=\"").append(port).append("\">")
                .append("<state state=\"").append(state).append("\" reason=\"").append(XmlText.attr(reason))
                .append("\" reason_ttl=\"0\"/>");
        ServiceReport r = report.orElseGet(() -> ServiceReport.guessedFromPort(registered));
        service(x, r, registered);
        // One script at most per port: Debian 12's ndiff (nmap 7.93) fails on a port with two (it sorts them
        // with a comparison Python 3 no longer has). The most telling one is written.
        if (r.ai().isPresent()) {
            identify(x, r.ai().get(), r.tls(), r.mcp());
        } else if (r.tls().isPresent()) {
            NmapTlsXml.sslCert(x, r.tls().get());
        } else {
            r.banner().ifPresent(b -> x.append("<script id=\"banner\" output=\"").append(XmlText.attr(b)).append("\"/>"));
        }
        x.append("</port>\n");
    }

    /**
     * A UDP port: its state and reason, and what service detection named ({@code method="probed"}, with nmap's
     * {@code banner} script for an answer nothing recognised), else the service its number is registered for
     * ({@code method="table"}).
     */
    private static void udpPort(StringBuilder x, PortObserved p, Optional<ServiceReport> report) {
        x.append("<port protocol=\"udp\" portid=\"").append(p.port()).append("\">")
                .append("<state state=\"").append(p.state().label()).append("\" reason=\"")
                .append(XmlText.attr(p.reason())).append("\" reason_ttl=\"0\"/>");
        if (report.isPresent()) {
            service(x, report.get(), p.service());
            report.get().banner().ifPresent(b ->
                    x.append("<script id=\"banner\" output=\"").append(XmlText.attr(b)).append("\"/>"));
        } else if (!p.service().equals("unknown")) {
            x.append("<service name=\"").append(XmlText.attr(p.service())).append("\" method=\"table\" conf=\"3\"/>");
        }
        x.append("</port>\n");
    }

    /**
     * nmap's {@code <service>}: what detection named, with {@code method="probed"}; a port nothing recognised
     * keeps its registered name with {@code method="table"} (as nmap does, which also keeps a TLS tunnel).
     */
    private static void service(StringBuilder x, ServiceReport r, String registered) {
        boolean named = r.method() == ServiceReport.Method.PROBED && !r.service().equals("unknown");
        x.append("<service name=\"").append(XmlText.attr(named ? r.service() : registered)).append('"');
        r.product().ifPresent(p -> x.append(" product=\"").append(XmlText.attr(p)).append('"'));
        r.version().ifPresent(v -> x.append(" version=\"").append(XmlText.attr(v)).append('"'));
        ServiceText.extraInfo(r).ifPresent(e -> x.append(" extrainfo=\"").append(XmlText.attr(e)).append('"'));
        r.tunnel().ifPresent(t -> x.append(" tunnel=\"").append(XmlText.attr(t)).append('"'));
        x.append(named ? " method=\"probed\" conf=\"" + r.confidence() + '"' : " method=\"table\" conf=\"3\"");
        if (r.cpes().isEmpty()) {
            x.append("/>");
            return;
        }
        x.append('>');
        for (String cpe : r.cpes()) {
            x.append("<cpe>").append(XmlText.text(Cpe.toUri(cpe))).append("</cpe>");
        }
        x.append("</service>");
    }

    /**
     * An AI/ML product's category, auth state, models and evidence, as a script of netsweep's own; with the
     * TLS summary in a {@code tls} table when the product was reached through TLS.
     */
    private static void identify(StringBuilder x, ServiceIdentity s, Optional<TlsSummary> tls, Optional<McpServer> mcp) {
        StringBuilder output = new StringBuilder("auth: ").append(s.auth().label());
        if (!s.models().isEmpty()) {
            output.append("; models: ").append(String.join(", ", s.models()));
        }
        output.append("; evidence: ").append(s.evidence());
        StringBuilder tables = new StringBuilder();
        tls.ifPresent(t -> output.append("; tls: ").append(NmapTlsXml.table(tables, t)));
        x.append("<script id=\"netsweep-identify\" output=\"").append(XmlText.attr(output.toString())).append("\">")
                .append("<elem key=\"category\">").append(XmlText.text(s.category())).append("</elem>")
                .append("<elem key=\"auth\">").append(s.auth().label()).append("</elem>")
                .append("<table key=\"models\">");
        for (String model : s.models()) {
            x.append("<elem>").append(XmlText.text(model)).append("</elem>");
        }
        x.append("</table>")
                .append("<elem key=\"evidence\">").append(XmlText.text(s.evidence())).append("</elem>")
                .append(tables);
        mcp.ifPresent(m -> {
            x.append("<table key=\"mcp\">")
                    .append("<elem key=\"transport\">").append(XmlText.text(m.transport().label())).append("</elem>")
                    .append("<elem key=\"endpoint\">").append(XmlText.text(m.endpoint())).append("</elem>");
            m.name().ifPresent(n -> x.append("<elem key=\"server\">").append(XmlText.text(n)).append("</elem>"));
            m.version().ifPresent(v -> x.append("<elem key=\"server_version\">").append(XmlText.text(v)).append("</elem>"));
            m.protocolVersion().ifPresent(v -> x.append("<elem key=\"protocol\">").append(XmlText.text(v)).append("</elem>"));
            x.append("<table key=\"tools\">");
            for (McpTool t : m.tools()) {
                x.append("<table><elem key=\"name\">").append(XmlText.text(t.name())).append("</elem>");
                t.readOnly().ifPresent(b -> x.append("<elem key=\"readOnlyHint\">").append(b).append("</elem>"));
                t.destructive().ifPresent(b -> x.append("<elem key=\"destructiveHint\">").append(b).append("</elem>"));
                x.append("</table>");
            }
            x.append("</table></table>");
        });
        x.append("</script>");
    }

    /**
     * The host's findings as one host script of netsweep's own ({@code netsweep-findings}): a table per finding
     * with its port, protocol ({@code tcp} or {@code udp}: 161/udp's finding is not 161/tcp's), id, severity, title,
     * detail, CVEs and references. One host script, not a script per port,
     * so that no port gets a second script (see {@link #port}).
     */
    private static void findings(StringBuilder x, List<HostRecord.PortFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        StringBuilder output = new StringBuilder();
        StringBuilder tables = new StringBuilder();
        for (HostRecord.PortFinding e : findings) {
            Finding f = e.finding();
            if (!output.isEmpty()) {
                output.append("; ");
            }
            output.append(e.port()).append('/').append(e.protocol().label()).append(' ').append(f.severity().label())
                    .append(' ').append(f.title());
            if (!f.cves().isEmpty()) {
                output.append(" (").append(String.join(", ", f.cves())).append(')');
            }
            tables.append("<table>")
                    .append("<elem key=\"port\">").append(e.port()).append("</elem>")
                    .append("<elem key=\"protocol\">").append(e.protocol().label()).append("</elem>")
                    .append("<elem key=\"id\">").append(XmlText.text(f.id())).append("</elem>")
                    .append("<elem key=\"severity\">").append(f.severity().label()).append("</elem>")
                    .append("<elem key=\"title\">").append(XmlText.text(f.title())).append("</elem>")
                    .append("<elem key=\"detail\">").append(XmlText.text(f.detail())).append("</elem>")
                    .append("<table key=\"cves\">");
            f.cves().forEach(c -> tables.append("<elem>").append(XmlText.text(c)).append("</elem>"));
            tables.append("</table><table key=\"references\">");
            f.references().forEach(r -> tables.append("<elem>").append(XmlText.text(r)).append("</elem>"));
            tables.append("</table></table>");
        }
        x.append("<hostscript><script id=\"netsweep-findings\" output=\"").append(XmlText.attr(output.toString()))
                .append("\">").append(tables).append("</script></hostscript>\n");
    }

    private static void times(StringBuilder x, Duration rtt) {
        long srtt = Numbers.micros(rtt);
        long rttvar = srtt / 2;
        x.append("<times srtt=\"").append(srtt).append("\" rttvar=\"").append(rttvar)
                .append("\" to=\"").append(srtt + 4 * rttvar).append("\"/>\n");
    }
}
