package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.scan.ScanEvent.PortObserved;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code <host>} element of nmap's XML (DTD 1.05) for a completed host. Host discovery reasons
 * are mapped to nmap's words ({@code icmp-echo} is {@code echo-reply}, {@code tcp-syn-ack} is
 * {@code syn-ack}, ...). An identified service becomes {@code method="probed"} with product,
 * version and category (as {@code extrainfo}), and a {@code netsweep-identify} script element
 * carrying auth, models and evidence. {@code <times>} is the RFC 6298 estimate from the one round
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
        if ((portScan && !host.isDown()) || !host.portNumbers().isEmpty()) {
            x.append("<ports>");
            for (int port : host.portNumbers()) {
                port(x, port, host.port(port), host.service(port));
            }
            x.append("</ports>\n");
        }
        up.flatMap(HostInfo::rtt).ifPresent(rtt -> times(x, rtt));
        return x.append("</host>\n").toString();
    }

    private static void status(StringBuilder x, String state, String reason) {
        x.append("<status state=\"").append(state).append("\" reason=\"").append(XmlText.attr(reason))
                .append("\" reason_ttl=\"0\"/>\n");
    }

    private static void port(StringBuilder x, int port, Optional<PortObserved> observed, Optional<ServiceIdentity> id) {
        String state = observed.map(p -> p.state().label()).orElse("open");
        String reason = observed.map(PortObserved::reason).orElse("unknown");
        String service = observed.map(PortObserved::service).orElse("unknown");
        x.append("<port protocol=\"tcp\" portid=\"").append(port).append("\">")
                .append("<state state=\"").append(state).append("\" reason=\"").append(XmlText.attr(reason))
                .append("\" reason_ttl=\"0\"/>")
                .append("<service name=\"").append(XmlText.attr(service)).append('"');
        if (id.isEmpty()) {
            x.append(" method=\"table\" conf=\"3\"/>");
        } else {
            ServiceIdentity s = id.get();
            x.append(" product=\"").append(XmlText.attr(s.product())).append('"');
            s.version().ifPresent(v -> x.append(" version=\"").append(XmlText.attr(v)).append('"'));
            x.append(" extrainfo=\"").append(XmlText.attr(s.category())).append('"')
                    .append(" method=\"probed\" conf=\"10\"/>");
            script(x, s);
        }
        x.append("</port>\n");
    }

    private static void script(StringBuilder x, ServiceIdentity s) {
        StringBuilder output = new StringBuilder("auth: ").append(s.auth().label());
        if (!s.models().isEmpty()) {
            output.append("; models: ").append(String.join(", ", s.models()));
        }
        output.append("; evidence: ").append(s.evidence());
        x.append("<script id=\"netsweep-identify\" output=\"").append(XmlText.attr(output.toString())).append("\">")
                .append("<elem key=\"category\">").append(XmlText.text(s.category())).append("</elem>")
                .append("<elem key=\"auth\">").append(s.auth().label()).append("</elem>")
                .append("<table key=\"models\">");
        for (String model : s.models()) {
            x.append("<elem>").append(XmlText.text(model)).append("</elem>");
        }
        x.append("</table>")
                .append("<elem key=\"evidence\">").append(XmlText.text(s.evidence())).append("</elem>")
                .append("</script>");
    }

    private static void times(StringBuilder x, Duration rtt) {
        long srtt = Numbers.micros(rtt);
        long rttvar = srtt / 2;
        x.append("<times srtt=\"").append(srtt).append("\" rttvar=\"").append(rttvar)
                .append("\" to=\"").append(srtt + 4 * rttvar).append("\"/>\n");
    }
}
