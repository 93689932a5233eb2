package io.netsweep.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netsweep.portscan.ScanType;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanShard;
import io.netsweep.store.ShardRuns;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netsweep history}: the stored scans, oldest first. */
@Command(name = "history", description = "List the stored scans: id, start, targets, ports, hosts up, open ports, status;"
        + " the parts of a sharded scan together, each with its shard.")
final class HistoryCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "-o", paramLabel = "FORMAT", description = "table (default) or json (one object per line).")
    String format = "table";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    HistoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StoreException, IOException {
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> false;
            case "json" -> true;
            default -> throw new UsageException("invalid output format \"" + format + "\" for history: use table or json");
        };
        Optional<ScanStore> store = StoreAccess.open(database, context);
        // The parts of a sharded run are listed together, where its first part was.
        ShardRuns runs = ShardRuns.of(store.isPresent() ? store.get().history() : List.of());
        List<ScanEntry> scans = runs.grouped();
        PrintWriter out = context.out();
        if (json) {
            for (ScanEntry e : scans) {
                try (JsonGenerator g = StoreAccess.json(out)) {
                    g.writeStartObject();
                    g.writeNumberField("id", e.id());
                    g.writeStringField("started_at", StoreAccess.iso(e.startedAt()));
                    g.writeStringField("ended_at", e.endedAt().map(StoreAccess::iso).orElse(null));
                    g.writeStringField("source", e.source());
                    g.writeStringField("command", e.command());
                    g.writeStringField("targets", e.targets());
                    g.writeNumberField("target_count", e.targetCount());
                    g.writeStringField("ports", e.ports());
                    g.writeStringField("scan_type", e.scanType().map(ScanType::label).orElse(null));
                    g.writeNumberField("hosts_up", e.hostsUp());
                    g.writeNumberField("open_ports", e.openPorts());
                    g.writeStringField("status", e.status().label());
                    g.writeStringField("message", e.message().orElse(null));
                    if (e.shard().isPresent()) {
                        ScanShard s = e.shard().get();
                        g.writeStringField("shard", s.label());
                        g.writeNumberField("shard_index", s.index());
                        g.writeNumberField("shard_count", s.count());
                        g.writeStringField("split", s.split());
                        g.writeNumberField("seed", s.seed());
                        g.writeStringField("options_hash", s.optionsDigest());
                        g.writeStringField("run", s.run().isEmpty() ? null : s.run());
                        g.writeNumberField("run_id", runs.runId(e.id()));
                        g.writeBooleanField("replaced", runs.superseded(e.id()));
                    } else {
                        g.writeNullField("shard");
                    }
                    g.writeEndObject();
                }
                out.println();
            }
        } else if (!scans.isEmpty()) {
            String row = "%-5s  %-19s  %-32s  %-16s  %8s  %6s  %s%n";
            out.printf(row, "ID", "STARTED", "TARGETS", "PORTS", "HOSTS UP", "OPEN", "STATUS");
            for (ScanEntry e : scans) {
                out.printf(row, e.id(), StoreAccess.local(e.startedAt()),
                        StoreAccess.text(StoreAccess.cut(e.targets(), 32)), ports(e.ports()), e.hostsUp(),
                        e.openPorts(), e.status().label() + (e.source().equals("cli") ? "" : " (" + e.source() + ")")
                                + e.shard().map(sh -> "  shard " + sh.label() + " of run " + runs.runId(e.id())
                                        + (runs.superseded(e.id()) ? ", replaced by a retry" : "")).orElse(""));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The ports in a column's width: as given when short, else how many. */
    private static String ports(String ports) {
        if (ports.isEmpty()) {
            return "-sn";
        }
        if (ports.length() <= 16) {
            return StoreAccess.text(ports);
        }
        try {
            return io.netsweep.port.PortSpecParser.parse(ports).size() + " ports";
        } catch (RuntimeException e) {
            return StoreAccess.text(StoreAccess.cut(ports, 16));
        }
    }
}
