package io.netsweep.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.output.AddressFormat;
import io.netsweep.output.EventJson;
import io.netsweep.scan.ScanEvent;
import io.netsweep.store.DiffFormat;
import io.netsweep.store.HostQuery;
import io.netsweep.store.HostTimeline;
import io.netsweep.store.InventoryHost;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanDiff;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanReplay;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoredScan;
import io.netsweep.store.TargetKey;
import io.netsweep.target.AddressOrder;
import io.netsweep.web.http.Exchange;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-only API over the scan store: the history of scans, one stored scan played back as the events
 * the live stream carries (so the page renders both with the same code), the diff of two scans (the JSON of
 * {@code netsweep diff -o json}) and its downloads, the inventory of hosts and one host's timeline. GET only;
 * every list is bounded (a limit, an offset or a cursor); a parameter that is unknown or out of range is a
 * 400. Without a store ({@code --no-save}) the history is empty and the rest is 404. Thread-safe: the store
 * is, and this holds nothing else that changes.
 */
final class StoreApi {
    /** Most scans in one page of the history. */
    static final int MAX_SCANS = 500;
    /** Most hosts in one page of the inventory. */
    static final int MAX_HOSTS = 1000;
    /** Most sightings in one host's timeline. */
    static final int MAX_SIGHTINGS = 500;
    private static final Pattern HISTORY = Pattern.compile("/api/history(?:/([0-9]{1,12})(/export)?)?");
    /** A run of IPv4 addresses within one /24, which nmap's short form writes {@code 10.0.0.1-20}. */
    private static final Pattern SAME_24 = Pattern.compile(
            "(([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.)[0-9]{1,3})-\\2([0-9]{1,3})");
    private static final Pattern HOSTS = Pattern.compile("/api/hosts(?:/([0-9]{1,12}))?");

    private final Optional<ScanArchive> archive;
    private final ScanRegistry registry;
    private final ApiJson json;
    private final long replayBudget;

    /** @param replayBudget bytes of events one played-back scan may send, as a live scan's log may hold */
    StoreApi(Optional<ScanArchive> archive, ScanRegistry registry, ApiJson json, long replayBudget) {
        this.archive = archive;
        this.registry = registry;
        this.json = json;
        this.replayBudget = replayBudget;
    }

    /** Whether {@code path} is one of these routes. */
    static boolean routes(String path) {
        return HISTORY.matcher(path).matches() || HOSTS.matcher(path).matches() || path.equals("/api/diff")
                || path.equals("/api/diff/export");
    }

    void handle(Exchange ex) throws IOException, HttpProblem {
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            ex.responseHeaders().set("Allow", "GET, HEAD");
            throw new HttpProblem(405, "method " + Http.oneLine(ex.method(), 20) + " not allowed here");
        }
        String path = ex.path();
        try {
            Matcher history = HISTORY.matcher(path);
            Matcher hosts = HOSTS.matcher(path);
            if (history.matches()) {
                if (history.group(1) == null) {
                    history(ex);
                } else if (history.group(2) == null) {
                    scan(ex, id(history.group(1)));
                } else {
                    exportScan(ex, id(history.group(1)));
                }
            } else if (hosts.matches()) {
                if (hosts.group(1) == null) {
                    hosts(ex);
                } else {
                    timeline(ex, id(hosts.group(1)));
                }
            } else if (path.equals("/api/diff")) {
                QueryParams q = QueryParams.of(ex, Set.of("old", "new"));
                StringWriter out = new StringWriter();
                DiffFormat.json(diff(q), out);
                Http.sendJson(ex, 200, out.toString());
            } else {
                export(ex);
            }
        } catch (StoreException e) {
            throw new HttpProblem(503, Http.oneLine("the scan store cannot be read: " + e.getMessage(), 300));
        }
    }

    private static long id(String digits) throws HttpProblem {
        long id = Long.parseLong(digits);
        if (id < 1) {
            throw new HttpProblem(404, "no stored scan or host with id 0");
        }
        return id;
    }

    private ScanStore store() throws HttpProblem, StoreException {
        if (archive.isEmpty()) {
            throw new HttpProblem(404, "scans are not stored (netsweep ui --no-save)");
        }
        return archive.get().store();
    }

    /** Newest first, {@code limit} at a time; {@code before} is the cursor (the last id of the previous page). */
    private void history(Exchange ex) throws IOException, HttpProblem, StoreException {
        QueryParams q = QueryParams.of(ex, Set.of("limit", "before"));
        int limit = (int) q.number("limit", 1, MAX_SCANS, 100);
        long before = q.number("before", 1, Long.MAX_VALUE / 2, Long.MAX_VALUE);
        ObjectNode answer = json.object();
        answer.put("stored", archive.isPresent());
        ArrayNode list = answer.putArray("scans");
        boolean more = false;
        if (archive.isPresent()) {
            List<ScanEntry> all = archive.get().store().history();
            Map<Long, String> live = registry.liveIdsByStoredId();
            for (int i = all.size() - 1; i >= 0; i--) {
                ScanEntry e = all.get(i);
                if (e.id() >= before) {
                    continue;
                }
                if (list.size() == limit) {
                    more = true;
                    break;
                }
                entry(list.addObject(), e, live);
            }
        }
        answer.put("more", more);
        Http.sendJson(ex, 200, answer.toString());
    }

    private void entry(ObjectNode n, ScanEntry e, Map<Long, String> live) {
        n.put("id", e.id()).put("source", e.source()).put("targets", e.targets()).put("ports", e.ports())
                .put("targetCount", e.targetCount()).put("startedAt", e.startedAt().toString())
                .put("endedAt", e.endedAt().map(Object::toString).orElse(null))
                .put("status", e.status().label()).put("message", e.message().orElse(null))
                .put("hostsUp", e.hostsUp()).put("openPorts", e.openPorts())
                .put("liveId", live.get(e.id()));
    }

    /**
     * One stored scan: its entry, the form that starts it again, and its events as the live stream sends them
     * ({@code started}, hosts, ports, names, services, the terminal event), bounded as a live scan's log is.
     */
    private void scan(Exchange ex, long id) throws IOException, HttpProblem, StoreException {
        QueryParams.of(ex, Set.of());
        StoredScan scan = store().load(id).orElseThrow(() -> new HttpProblem(404, "no stored scan with id " + id));
        EventLog log = new EventLog(replayBudget);
        ScanReplay.replay(scan, event -> {
            // As for a live scan: down hosts are not shown and no per-host end marker is needed.
            if (event instanceof ScanEvent.Finished || event instanceof ScanEvent.Cancelled
                    || event instanceof ScanEvent.Failed) {
                log.end(event);
            } else if (shown(event)) {
                log.append(event);
            }
        });
        ObjectNode head = json.object();
        entry(head.putObject("scan"), scan.entry(), registry.liveIdsByStoredId());
        ObjectNode form = head.putObject("rescan");
        form.put("targets", rescanTargets(scan.entry())).put("exclude", "").put("preset", "custom")
                .put("ports", scan.entry().ports()).putNull("timeoutMs").putNull("concurrency")
                .put("reverseDns", scan.hosts().stream().anyMatch(h -> h.dns().isPresent()))
                .put("identify", scan.hosts().stream().anyMatch(h -> !h.services().isEmpty()));
        head.put("droppedEvents", log.dropped());
        String start = head.toString();
        StringBuilder body = new StringBuilder(start.length() + 64 * log.size());
        body.append(start, 0, start.length() - 1).append(",\"events\":[");
        List<String> events = log.snapshot();
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i));
        }
        body.append("]}");
        Http.sendJson(ex, 200, body.toString());
    }

    /**
     * A stored scan as a download, as the live scan's export writes it: JSON Lines of the events the page
     * shows, or the CSV of {@code netsweep show ID -o csv}.
     */
    private void exportScan(Exchange ex, long id) throws IOException, HttpProblem, StoreException {
        QueryParams q = QueryParams.of(ex, Set.of("format"));
        String format = q.choice("format", Set.of("jsonl", "csv"), "jsonl");
        StoredScan scan = store().load(id).orElseThrow(() -> new HttpProblem(404, "no stored scan with id " + id));
        List<ScanEvent> events = new ArrayList<>();
        ScanReplay.replay(scan, events::add);
        var h = ex.responseHeaders();
        Http.secure(h);
        h.set("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
        h.set("Content-Disposition", "attachment; filename=\"netsweep-scan-" + id + "." + format + "\"");
        try (Writer out = new OutputStreamWriter(ex.stream(200), StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                Export.csv(events, out);
            } else {
                Export.jsonLines(events.stream().filter(StoreApi::shown).map(EventJson::toJson).toList(), out);
            }
        }
    }

    /** The events a page shows and a JSON Lines export holds: results and the end, as a live scan's log keeps. */
    private static boolean shown(ScanEvent e) {
        return switch (e) {
            case ScanEvent.HostDown _, ScanEvent.HostCompleted _, ScanEvent.Progress _ -> false;
            case ScanEvent.Started _, ScanEvent.HostUp _, ScanEvent.PortObserved _, ScanEvent.HostnameResolved _,
                 ScanEvent.ServiceIdentified _, ScanEvent.FindingRaised _, ScanEvent.Finished _, ScanEvent.Cancelled _,
                 ScanEvent.Failed _ -> true;
        };
    }

    /**
     * The targets that scan the same addresses again: the canonical address list where it can be read back
     * (it holds the exclusions already), else the targets as they were typed.
     */
    private static String rescanTargets(ScanEntry e) {
        String key = e.targetKey();
        boolean readable = TargetKey.targets(key).isPresent() && key.length() <= 8 * 1024;
        if (!readable) {
            return e.targets();
        }
        StringBuilder sb = new StringBuilder();
        for (String run : key.split(",")) {
            Matcher m = SAME_24.matcher(run);
            sb.append(sb.isEmpty() ? "" : ", ").append(m.matches() ? m.group(1) + "-" + m.group(3) : run);
        }
        return sb.toString();
    }

    /** Two stored scans compared, older first as given. */
    private ScanDiff diff(QueryParams q) throws HttpProblem, StoreException {
        long older = q.required("old", 1, Long.MAX_VALUE / 2);
        long newer = q.required("new", 1, Long.MAX_VALUE / 2);
        try {
            return store().diff(older, newer);
        } catch (StoreException e) {
            if (e.problem() == StoreException.Problem.NOT_FOUND) {
                long missing = store().history().stream().anyMatch(x -> x.id() == older) ? newer : older;
                throw new HttpProblem(404, "no stored scan with id " + missing);
            }
            throw e;
        }
    }

    private void export(Exchange ex) throws IOException, HttpProblem, StoreException {
        QueryParams q = QueryParams.of(ex, Set.of("old", "new", "format"));
        String format = q.choice("format", Set.of("json", "csv", "text"), "json");
        ScanDiff d = diff(q);
        String type = switch (format) {
            case "csv" -> "text/csv; charset=utf-8";
            case "text" -> "text/plain; charset=utf-8";
            default -> Http.JSON;
        };
        String extension = format.equals("text") ? "txt" : format;
        var h = ex.responseHeaders();
        Http.secure(h);
        h.set("Content-Type", type);
        h.set("Content-Disposition", "attachment; filename=\"netsweep-diff-" + d.older().id() + "-" + d.newer().id()
                + "." + extension + "\"");
        try (Writer out = new OutputStreamWriter(ex.stream(200), StandardCharsets.UTF_8)) {
            switch (format) {
                case "csv" -> DiffFormat.csv(d, out);
                case "text" -> {
                    out.write("scan " + d.older().id() + " -> scan " + d.newer().id() + "\n");
                    for (var c : d.changes()) {
                        // Lines as netsweep diff prints them, control characters made visible.
                        out.write(io.netsweep.output.TerminalText.visible(DiffFormat.line(c)) + "\n");
                    }
                }
                default -> {
                    DiffFormat.json(d, out);
                    out.write('\n');
                }
            }
        }
    }

    /** The inventory in address order, filtered, {@code limit} from {@code offset}. */
    private void hosts(Exchange ex) throws IOException, HttpProblem, StoreException {
        QueryParams q = QueryParams.of(ex, Set.of("since", "port", "product", "q", "limit", "offset"));
        HostQuery query = new HostQuery(q.instant("since"), q.port("port"), q.text("product", 200));
        Optional<String> words = q.text("q", 200).map(s -> s.toLowerCase(Locale.ROOT));
        int limit = (int) q.number("limit", 1, MAX_HOSTS, 200);
        long offset = q.number("offset", 0, 1_000_000_000, 0);
        List<InventoryHost> all = new ArrayList<>(store().hosts(query));
        if (words.isPresent()) {
            List<String> wanted = List.of(words.get().trim().split("\\s+"));
            all.removeIf(h -> {
                String text = searchText(h);
                return !wanted.stream().allMatch(text::contains);
            });
        }
        all.sort(Comparator.comparing(InventoryHost::address, AddressOrder.ASCENDING));
        ObjectNode answer = json.object();
        answer.put("total", all.size()).put("offset", offset).put("limit", limit);
        ArrayNode list = answer.putArray("hosts");
        for (long i = offset; i < all.size() && i < offset + limit; i++) {
            host(list.addObject(), all.get((int) i));
        }
        Http.sendJson(ex, 200, answer.toString());
    }

    private static String searchText(InventoryHost h) {
        StringBuilder sb = new StringBuilder(AddressFormat.format(h.address())).append(' ');
        h.mac().ifPresent(m -> sb.append(m).append(' '));
        h.vendor().ifPresent(v -> sb.append(v).append(' '));
        h.names().forEach(n -> sb.append(n).append(' '));
        for (InventoryHost.OpenPort p : h.openPorts()) {
            sb.append(p.label()).append(' ').append(p.service()).append(' ');
            p.product().ifPresent(s -> sb.append(s).append(' '));
            p.version().ifPresent(s -> sb.append(s).append(' '));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static void host(ObjectNode n, InventoryHost h) {
        n.put("id", h.id()).put("ip", AddressFormat.format(h.address())).put("mac", h.mac().orElse(null))
                .put("vendor", h.vendor().orElse(null)).put("firstSeen", h.firstSeen().toString())
                .put("lastSeen", h.lastSeen().toString()).put("scans", h.scans()).put("lastScan", h.lastScan());
        ArrayNode names = n.putArray("names");
        h.names().forEach(names::add);
        ports(n.putArray("openPorts"), h.openPorts());
    }

    private static void ports(ArrayNode list, List<InventoryHost.OpenPort> ports) {
        for (InventoryHost.OpenPort p : ports) {
            list.addObject().put("port", p.port()).put("proto", p.protocol().label()).put("service", p.service())
                    .put("product", p.product().orElse(null)).put("version", p.version().orElse(null));
        }
    }

    /** One host across the scans that saw it, newest first. */
    private void timeline(Exchange ex, long id) throws IOException, HttpProblem, StoreException {
        QueryParams q = QueryParams.of(ex, Set.of("limit"));
        int limit = (int) q.number("limit", 1, MAX_SIGHTINGS, 100);
        HostTimeline t = store().timeline(id, limit)
                .orElseThrow(() -> new HttpProblem(404, "no host with id " + id + " in the inventory"));
        ObjectNode answer = json.object();
        answer.put("id", t.hostId()).put("total", t.total());
        ArrayNode list = answer.putArray("sightings");
        for (HostTimeline.Sighting s : t.sightings()) {
            ObjectNode n = list.addObject();
            n.put("scanId", s.scanId()).put("startedAt", s.startedAt().toString())
                    .put("ip", AddressFormat.format(s.address())).put("hostname", s.hostname().orElse(null))
                    .put("mac", s.mac().orElse(null));
            ports(n.putArray("openPorts"), s.openPorts());
        }
        Http.sendJson(ex, 200, answer.toString());
    }
}
