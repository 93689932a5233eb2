package io.netsweep.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.netsweep.output.AddressFormat;
import io.netsweep.output.CsvWriter;
import io.netsweep.port.Protocol;
import java.io.IOException;
import java.io.Writer;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link ScanDiff} written for people and programs, the same wherever it is shown ({@code netsweep diff},
 * the web UI's compare view and its downloads): one line per change ({@code +} new, {@code -} gone,
 * {@code ~} changed), one JSON document, or CSV. Every string may come from the network: JSON escapes every
 * non-ASCII character, CSV quotes as {@link CsvWriter} does, and lines are left for the caller to make safe
 * for where they go. A port's change names its protocol: in a line ({@code 161/udp}), as {@code proto} in JSON
 * ({@code tcp} or {@code udp}, the change's last key) and in CSV (its last column). Stateless.
 */
public final class DiffFormat {
    /** The CSV columns, one row per change; new columns are added at the end only. */
    public static final List<String> CSV_COLUMNS = List.of("change", "ip", "port", "type", "service", "before",
            "after", "mac", "hostname", "finding", "severity", "proto");
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private DiffFormat() {}

    /** One change as one line: {@code +} appeared or opened, {@code -} gone or closed, {@code ~} changed. */
    public static String line(Change c) {
        return switch (c) {
            case Change.HostAppeared h -> "+ " + ip(h) + " host up" + h.mac().map(m -> " (MAC " + m + ")").orElse("")
                    + h.hostname().map(n -> " " + n).orElse("")
                    + (h.openPorts().isEmpty() && h.openUdpPorts().isEmpty() ? "" : "; open " + openPorts(h, ","));
            case Change.HostGone h -> "- " + ip(h) + " host gone" + h.mac().map(m -> " (MAC " + m + ")").orElse("")
                    + h.hostname().map(n -> " " + n).orElse("");
            case Change.HostMoved m -> "~ " + ip(m) + " host with MAC " + m.mac() + " moved here from "
                    + AddressFormat.format(m.from());
            case Change.MacChanged m -> "~ " + ip(m) + " MAC " + m.before() + " -> " + m.after();
            case Change.HostnameChanged h -> "~ " + ip(h) + " hostname " + h.before().orElse("(none)") + " -> "
                    + h.after().orElse("(none)");
            case Change.PortOpened p -> "+ " + ip(p) + " " + p.port() + "/" + p.protocol().label() + " opened " + p.service()
                    + p.product().map(s -> " " + s + p.version().map(v -> " " + v).orElse("")).orElse("");
            case Change.PortClosed p -> "- " + ip(p) + " " + p.port() + "/" + p.protocol().label() + " " + p.state() + " "
                    + p.service();
            case Change.ServiceChanged s -> "~ " + ip(s) + " " + s.port() + "/" + s.protocol().label() + " "
                    + s.before() + " -> " + s.after();
            case Change.FindingRaised f -> "+ " + ip(f) + " " + f.port() + "/" + f.protocol().label() + " finding "
                    + f.severity() + " " + f.id() + ": " + f.title();
            case Change.FindingGone f -> "- " + ip(f) + " " + f.port() + "/" + f.protocol().label() + " finding gone "
                    + f.severity() + " " + f.id() + ": " + f.title();
        };
    }

    /** A new host's open ports: TCP's as numbers, then UDP's as {@code 53/udp}. */
    private static String openPorts(Change.HostAppeared h, String separator) {
        return java.util.stream.Stream.concat(h.openPorts().stream().map(String::valueOf),
                h.openUdpPorts().stream().map(p -> p + "/udp")).collect(Collectors.joining(separator));
    }

    /** The change's type as JSON and CSV name it ({@code host_up}, {@code port_opened}, ...). */
    public static String type(Change c) {
        return switch (c) {
            case Change.HostAppeared x -> "host_up";
            case Change.HostGone x -> "host_gone";
            case Change.HostMoved x -> "host_moved";
            case Change.MacChanged x -> "mac_changed";
            case Change.HostnameChanged x -> "hostname_changed";
            case Change.PortOpened x -> "port_opened";
            case Change.PortClosed x -> "port_closed";
            case Change.ServiceChanged x -> "service_changed";
            case Change.FindingRaised x -> "finding_raised";
            case Change.FindingGone x -> "finding_gone";
        };
    }

    /**
     * The diff as one JSON object, {@code {"old":{...},"new":{...},"changes":[...]}}, without a line end;
     * {@code out} stays open.
     */
    public static void json(ScanDiff d, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            scan(g, "old", d.older());
            scan(g, "new", d.newer());
            g.writeArrayFieldStart("changes");
            for (Change c : d.changes()) {
                change(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void change(JsonGenerator g, Change c) throws IOException {
        g.writeStartObject();
        g.writeStringField("ip", ip(c));
        g.writeStringField("type", type(c));
        switch (c) {
            case Change.HostAppeared h -> {
                g.writeStringField("mac", h.mac().orElse(null));
                g.writeStringField("hostname", h.hostname().orElse(null));
                g.writeArrayFieldStart("open_ports");
                for (int p : h.openPorts()) {
                    g.writeNumber(p);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("open_udp_ports");
                for (int p : h.openUdpPorts()) {
                    g.writeNumber(p);
                }
                g.writeEndArray();
            }
            case Change.HostGone h -> {
                g.writeStringField("mac", h.mac().orElse(null));
                g.writeStringField("hostname", h.hostname().orElse(null));
            }
            case Change.HostMoved m -> {
                g.writeStringField("from", AddressFormat.format(m.from()));
                g.writeStringField("mac", m.mac());
            }
            case Change.MacChanged m -> {
                g.writeStringField("before", m.before());
                g.writeStringField("after", m.after());
            }
            case Change.HostnameChanged h -> {
                g.writeStringField("before", h.before().orElse(null));
                g.writeStringField("after", h.after().orElse(null));
            }
            case Change.PortOpened p -> {
                g.writeNumberField("port", p.port());
                g.writeStringField("service", p.service());
                g.writeStringField("product", p.product().orElse(null));
                g.writeStringField("version", p.version().orElse(null));
            }
            case Change.PortClosed p -> {
                g.writeNumberField("port", p.port());
                g.writeStringField("service", p.service());
                g.writeStringField("state", p.state());
            }
            case Change.ServiceChanged s -> {
                g.writeNumberField("port", s.port());
                g.writeStringField("before", s.before());
                g.writeStringField("after", s.after());
            }
            case Change.FindingRaised f -> finding(g, f.port(), f.id(), f.severity(), f.title());
            case Change.FindingGone f -> finding(g, f.port(), f.id(), f.severity(), f.title());
        }
        // Last: the keys before it are older than UDP scans, as in the service and finding events.
        Optional<Protocol> protocol = ScanDiff.protocol(c);
        if (protocol.isPresent()) {
            g.writeStringField("proto", protocol.get().label());
        }
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, int port, String id, String severity, String title) throws IOException {
        g.writeNumberField("port", port);
        g.writeStringField("finding", id);
        g.writeStringField("severity", severity);
        g.writeStringField("title", title);
    }

    private static void scan(JsonGenerator g, String field, ScanEntry e) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("id", e.id());
        g.writeStringField("started_at", e.startedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        g.writeStringField("targets", e.targets());
        g.writeStringField("ports", e.ports());
        g.writeEndObject();
    }

    /**
     * The diff as CSV ({@link #CSV_COLUMNS}): UTF-8 text, CRLF, RFC 4180 quoting and the formula guard of
     * {@link CsvWriter#field}. {@code change} is {@code new}, {@code gone} or {@code changed}.
     */
    public static void csv(ScanDiff d, Writer out) throws IOException {
        out.write(String.join(",", CSV_COLUMNS) + "\r\n");
        for (Change c : d.changes()) {
            List<String> cells = switch (c) {
                case Change.HostAppeared h -> List.of("new", ip(c), "", type(c), "", "", openPorts(h, ";"),
                        h.mac().orElse(""),
                        h.hostname().orElse(""), "", "");
                case Change.HostGone h -> List.of("gone", ip(c), "", type(c), "", "", "", h.mac().orElse(""),
                        h.hostname().orElse(""), "", "");
                case Change.HostMoved m -> List.of("changed", ip(c), "", type(c), "", AddressFormat.format(m.from()),
                        ip(c), m.mac(), "", "", "");
                case Change.MacChanged m -> List.of("changed", ip(c), "", type(c), "", m.before(), m.after(), m.after(),
                        "", "", "");
                case Change.HostnameChanged h -> List.of("changed", ip(c), "", type(c), "", h.before().orElse(""),
                        h.after().orElse(""), "", h.after().orElse(""), "", "");
                case Change.PortOpened p -> List.of("new", ip(c), Integer.toString(p.port()), type(c), p.service(), "",
                        p.product().map(s -> s + p.version().map(v -> " " + v).orElse("")).orElse("open"), "", "", "", "");
                case Change.PortClosed p -> List.of("gone", ip(c), Integer.toString(p.port()), type(c), p.service(),
                        "open", p.state(), "", "", "", "");
                case Change.ServiceChanged s -> List.of("changed", ip(c), Integer.toString(s.port()), type(c), "",
                        s.before(), s.after(), "", "", "", "");
                case Change.FindingRaised f -> List.of("new", ip(c), Integer.toString(f.port()), type(c), "", "",
                        f.title(), "", "", f.id(), f.severity());
                case Change.FindingGone f -> List.of("gone", ip(c), Integer.toString(f.port()), type(c), "", f.title(),
                        "", "", "", f.id(), f.severity());
            };
            List<String> row = new java.util.ArrayList<>(cells);
            row.add(ScanDiff.protocol(c).map(Protocol::label).orElse("")); // proto: a port's change only
            out.write(row.stream().map(CsvWriter::field).collect(Collectors.joining(",")) + "\r\n");
        }
    }

    private static String ip(Change c) {
        return AddressFormat.format(c.address());
    }
}
