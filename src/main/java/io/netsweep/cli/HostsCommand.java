package io.netsweep.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netsweep.finding.Severity;
import io.netsweep.output.AddressFormat;
import io.netsweep.output.CsvWriter;
import io.netsweep.store.HostQuery;
import io.netsweep.port.PortSpecException;
import io.netsweep.port.Protocol;
import io.netsweep.port.ProtocolPort;
import io.netsweep.store.InventoryHost;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import io.netsweep.target.AddressOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netsweep hosts}: every host ever seen up, with what its last scan found. */
@Command(name = "hosts", description = "The inventory: every host seen, with first and last seen, MAC, vendor, names,"
        + " the ports open at its last scan and the findings it raised. A host is known by its MAC where one was seen,"
        + " else by its address.")
final class HostsCommand implements Callable<Integer> {
    static final List<String> CSV_COLUMNS = List.of("ip", "mac", "vendor", "names", "first_seen", "last_seen",
            "scans", "last_scan", "open_ports", "findings");
    /** What {@code --finding} takes besides a severity: a finding id's characters ({@code vuln:GHSA-...}). */
    private static final Pattern FINDING = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,79}");

    private final CliContext context;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only hosts seen since: an age (7d, 12h), a date (2026-12-01) or an instant.")
    String since;

    @Option(names = "--port", paramLabel = "PORT", description = "Only hosts with this port open at their last scan: a TCP"
            + " port (22 or T:22) or a UDP port (U:53), as -p names them.")
    String port;

    @Option(names = "--product", paramLabel = "TEXT", description = "Only hosts where their last scan named a product containing TEXT (any case).")
    String product;

    @Option(names = "--finding", paramLabel = "ID|SEVERITY", description = "Only hosts whose last scan raised this"
            + " finding (an id such as ollama-no-auth), or one of this severity or worse (info, low, medium, high, critical).")
    String finding;

    @Option(names = "-o", paramLabel = "FORMAT", description = "table (default), json (one object per line) or csv.")
    String format = "table";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    HostsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StoreException, IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "csv").contains(f)) {
            throw new UsageException("invalid output format \"" + format + "\" for hosts: use table, json or csv");
        }
        Optional<ProtocolPort> open;
        try {
            open = Optional.ofNullable(port).map(ProtocolPort::parse);
        } catch (PortSpecException e) {
            throw new UsageException("--port: " + e.getMessage());
        }
        if (finding != null && !FINDING.matcher(finding).matches()) {
            throw new UsageException("invalid --finding \"" + finding + "\": a finding id (such as ollama-no-auth) or a"
                    + " severity (info, low, medium, high, critical)");
        }
        HostQuery query = new HostQuery(Optional.ofNullable(since).map(s -> Durations.since("--since", s, Instant.now())),
                open, Optional.ofNullable(product),
                Optional.ofNullable(finding).map(id -> Severity.of(id.toLowerCase(Locale.ROOT)).isPresent()
                        ? id.toLowerCase(Locale.ROOT) : id));
        Optional<ScanStore> store = StoreAccess.open(database, context);
        List<InventoryHost> hosts = new ArrayList<>(store.isPresent() ? store.get().hosts(query) : List.of());
        hosts.sort(Comparator.comparing(InventoryHost::address, AddressOrder.ASCENDING));
        PrintWriter out = context.out();
        switch (f) {
            case "json" -> {
                for (InventoryHost h : hosts) {
                    json(h, out);
                }
            }
            case "csv" -> {
                out.print(String.join(",", CSV_COLUMNS) + "\r\n");
                for (InventoryHost h : hosts) {
                    List<String> cells = List.of(AddressFormat.format(h.address()), h.mac().orElse(""),
                            h.vendor().orElse(""), String.join(";", h.names()), StoreAccess.iso(h.firstSeen()),
                            StoreAccess.iso(h.lastSeen()), Integer.toString(h.scans()), Long.toString(h.lastScan()),
                            h.openPorts().stream().map(HostsCommand::port).collect(Collectors.joining(";")),
                            h.findings().stream().map(HostsCommand::finding).collect(Collectors.joining(";")));
                    out.print(cells.stream().map(CsvWriter::field).collect(Collectors.joining(",")) + "\r\n");
                }
            }
            default -> {
                if (!hosts.isEmpty()) {
                    String row = "%-39s  %-17s  %-19s  %-19s  %-24s  %8s  %s%n";
                    out.printf(row, "HOST", "MAC", "FIRST SEEN", "LAST SEEN", "NAMES", "FINDINGS", "OPEN AT LAST SCAN");
                    for (InventoryHost h : hosts) {
                        out.printf(row, AddressFormat.format(h.address()), h.mac().orElse("-"),
                                StoreAccess.local(h.firstSeen()), StoreAccess.local(h.lastSeen()),
                                StoreAccess.text(StoreAccess.cut(h.names().isEmpty() ? "-" : String.join(",", h.names()), 24)),
                                h.findings().isEmpty() ? "-" : Integer.toString(h.findings().size()),
                                StoreAccess.text(h.openPorts().isEmpty() ? "-" : h.openPorts().stream()
                                        .map(HostsCommand::port).collect(Collectors.joining(", "))));
                    }
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code 22/ssh}, {@code 53/udp/domain}, or {@code 11434/unknown Ollama 0.5.7} with what was found behind it. */
    private static String port(InventoryHost.OpenPort p) {
        return p.port() + (p.protocol() == Protocol.UDP ? "/udp" : "") + "/" + p.service() + p.product().map(s -> " " + s + p.version().map(v -> " " + v).orElse(""))
                .orElse("");
    }

    /** {@code 11434/high/ollama-no-auth}. */
    private static String finding(InventoryHost.HostFinding f) {
        return f.port() + (f.protocol() == Protocol.UDP ? "/udp" : "") + "/" + f.severity() + "/" + f.id();
    }

    private static void json(InventoryHost h, PrintWriter out) throws IOException {
        try (JsonGenerator g = StoreAccess.json(out)) {
            g.writeStartObject();
            g.writeStringField("ip", AddressFormat.format(h.address()));
            g.writeStringField("mac", h.mac().orElse(null));
            g.writeStringField("vendor", h.vendor().orElse(null));
            g.writeArrayFieldStart("names");
            for (String n : h.names()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeStringField("first_seen", StoreAccess.iso(h.firstSeen()));
            g.writeStringField("last_seen", StoreAccess.iso(h.lastSeen()));
            g.writeNumberField("scans", h.scans());
            g.writeNumberField("last_scan", h.lastScan());
            g.writeArrayFieldStart("open_ports");
            for (InventoryHost.OpenPort p : h.openPorts()) {
                g.writeStartObject();
                g.writeNumberField("port", p.port());
                g.writeStringField("proto", p.protocol().label());
                g.writeStringField("service", p.service());
                g.writeStringField("product", p.product().orElse(null));
                g.writeStringField("version", p.version().orElse(null));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (InventoryHost.HostFinding f : h.findings()) {
                g.writeStartObject();
                g.writeNumberField("port", f.port());
                g.writeStringField("proto", f.protocol().label());
                g.writeStringField("id", f.id());
                g.writeStringField("severity", f.severity());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }
}
