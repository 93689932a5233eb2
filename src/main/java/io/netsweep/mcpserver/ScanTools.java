package io.netsweep.mcpserver;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.netsweep.port.Protocol;
import io.netsweep.scan.ScanEvent;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The tools that start, watch and stop scans: {@code scan}, {@code scan_status}, {@code cancel_scan}. Progress
 * goes out as MCP progress notifications on the token of the call that waits ({@code scan} with {@code wait},
 * {@code scan_status} with {@code wait_seconds}), so it is always tied to a request still open. Thread-safe.
 */
final class ScanTools {
    /** Longest a call may wait for a scan to end; a client waits for the answer meanwhile. */
    static final long MAX_WAIT_SECONDS = 300;

    private final ScanBook book;
    private final ScanStore store;
    private final Results results;

    ScanTools(ScanBook book, ScanStore store, Results results) {
        this.book = book;
        this.store = store;
        this.results = results;
    }

    List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
        return List.of(
                spec(mapper, "scan", "Start a scan",
                        "Scan hosts and their TCP or UDP ports inside the scope the person running this server set ("
                                + book.scope().description() + "). Targets use netsweep's syntax: addresses, CIDR "
                                + "networks, ranges (10.0.0.1-50), hostnames (every address they resolve to is checked). "
                                + "Returns the scan's id at once; with wait=true the call stays open until the scan "
                                + "ends, sending progress notifications. Targets outside the scope are refused before "
                                + "any packet is sent. Rate and size limits are the server's. Results name each "
                                + "port's protocol (tcp or udp).",
                        """
                        {"type":"object","additionalProperties":false,"required":["targets"],"properties":{
                          "targets":{"description":"targets, e.g. [\\"127.0.0.1\\", \\"10.0.0.0/28\\"]","oneOf":[
                            {"type":"string","maxLength":65536},
                            {"type":"array","items":{"type":"string"},"minItems":1,"maxItems":4096}]},
                          "exclude":{"type":"array","items":{"type":"string"},"maxItems":4096,"description":"targets to leave out"},
                          "ports":{"type":"string","maxLength":65536,"description":"ports: 22,80,8000-8100 or service names, of each protocol scanned; T:22,U:53,161 names each protocol's; default the top 1,000 of each"},
                          "protocols":{"type":"array","items":{"type":"string","enum":["tcp","udp"]},"minItems":1,"maxItems":2,"uniqueItems":true,"description":"which ports to scan: [\\"tcp\\"] (the default), [\\"udp\\"] (nmap's -sU) or both"},
                          "preset":{"type":"string","enum":["simple","full","ai"],"description":"port preset: simple (top 100), full (1-65535), ai (AI/ML services)"},
                          "service_detection":{"type":"boolean","description":"identify the service and version of every open port (-sV)"},
                          "discovery_only":{"type":"boolean","description":"find hosts only, probe no port (-sn)"},
                          "skip_discovery":{"type":"boolean","description":"take every target as up (-Pn)"},
                          "wait":{"type":"boolean","description":"keep the call open until the scan ends (at most 300 s), with progress notifications"}}}
                        """,
                        """
                        {"type":"object","required":["scan_id","status"],"properties":{
                          "scan_id":{"type":"integer"},"status":{"type":"string"},"targets":{"type":"string"},
                          "addresses":{"type":"integer"},"scope":{"type":"string"},"done":{"type":"integer"},
                          "total":{"type":"integer"},"percent":{"type":"number"},"hosts_up":{"type":"integer"},
                          "open_ports":{"type":"integer"},"elapsed_ms":{"type":"integer"},"message":{"type":"string"}}}
                        """,
                        new McpSchema.ToolAnnotations("Start a scan", false, false, false, true, null), this::scan),
                spec(mapper, "scan_status", "Scan status",
                        "Status and progress of a scan. With wait_seconds, waits up to that long for the scan to end, "
                                + "sending progress notifications meanwhile.",
                        """
                        {"type":"object","additionalProperties":false,"required":["scan_id"],"properties":{
                          "scan_id":{"type":"integer","minimum":1},
                          "wait_seconds":{"type":"integer","minimum":0,"maximum":300}}}
                        """,
                        STATUS_SCHEMA,
                        new McpSchema.ToolAnnotations("Scan status", true, false, true, false, null), this::status),
                spec(mapper, "cancel_scan", "Cancel a scan",
                        "Stop a running scan; what it found so far is kept.",
                        """
                        {"type":"object","additionalProperties":false,"required":["scan_id"],"properties":{
                          "scan_id":{"type":"integer","minimum":1}}}
                        """,
                        """
                        {"type":"object","required":["scan_id","cancelled","status"],"properties":{
                          "scan_id":{"type":"integer"},"cancelled":{"type":"boolean"},"status":{"type":"string"}}}
                        """,
                        new McpSchema.ToolAnnotations("Cancel a scan", false, false, true, false, null), this::cancel));
    }

    private static final String STATUS_SCHEMA = """
            {"type":"object","required":["scan_id","status"],"properties":{
              "scan_id":{"type":"integer"},"status":{"type":"string"},"targets":{"type":"string"},
              "done":{"type":"integer"},"total":{"type":"integer"},"percent":{"type":"number"},
              "hosts_up":{"type":"integer"},"open_ports":{"type":"integer"},"elapsed_ms":{"type":"integer"},
              "message":{"type":"string"}}}
            """;

    static SyncToolSpecification spec(McpJsonMapper mapper, String name, String title, String description,
                                      String input, String output, McpSchema.ToolAnnotations annotations,
                                      java.util.function.BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).title(title).description(description)
                .inputSchema(mapper, input).outputSchema(mapper, output).annotations(annotations).build();
        return SyncToolSpecification.builder().tool(tool).callHandler(handler).build();
    }

    private CallToolResult scan(McpSyncServerExchange exchange, CallToolRequest request) {
        Arguments a = new Arguments("scan", request.arguments(), Set.of("targets", "exclude", "ports", "preset",
                "service_detection", "discovery_only", "skip_discovery", "protocols", "wait"));
        List<String> targets = a.texts("targets");
        if (targets.stream().allMatch(String::isBlank)) {
            throw a.invalid("targets is required");
        }
        Optional<String> preset = a.text("preset").map(p -> p.strip().toLowerCase(Locale.ROOT));
        if (preset.isPresent() && !Set.of("simple", "full", "ai").contains(preset.get())) {
            throw a.invalid("preset must be simple, full or ai");
        }
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        for (String p : a.texts("protocols")) {
            protocols.add(Protocol.ofLabel(p.strip()).orElseThrow(() -> a.invalid("protocols takes \"tcp\" and \"udp\"")));
        }
        if (protocols.isEmpty()) {
            protocols.add(Protocol.TCP);
        }
        ScanArguments args = new ScanArguments(targets, a.texts("exclude"), a.text("ports").filter(p -> !p.isBlank()),
                preset, a.flag("service_detection"), a.flag("discovery_only"), a.flag("skip_discovery"), protocols);
        boolean wait = a.flag("wait");
        TrackedScan scan;
        try {
            scan = book.start(args);
        } catch (ScanRefusedException e) {
            return results.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return results.error("interrupted while starting the scan");
        }
        if (wait) {
            return results.ok(status(await(scan, Duration.ofSeconds(MAX_WAIT_SECONDS), exchange, request)));
        }
        ScanSnapshot s = scan.snapshot();
        return results.ok(new Views.Started(s.id(), s.status(), s.targets(), scan.addresses(),
                book.scope().description()));
    }

    private CallToolResult status(McpSyncServerExchange exchange, CallToolRequest request) {
        Arguments a = new Arguments("scan_status", request.arguments(), Set.of("scan_id", "wait_seconds"));
        long id = a.requiredInteger("scan_id", 1, Long.MAX_VALUE);
        long wait = a.integer("wait_seconds", 0, MAX_WAIT_SECONDS).orElse(0);
        Optional<TrackedScan> tracked = book.get(id);
        if (tracked.isPresent()) {
            ScanSnapshot s = wait > 0 ? await(tracked.get(), Duration.ofSeconds(wait), exchange, request)
                    : tracked.get().snapshot();
            return results.ok(status(s));
        }
        // A scan of another process, or of an earlier run of this server: what the store knows.
        try {
            Optional<ScanEntry> entry = store.history().stream().filter(e -> e.id() == id).findFirst();
            if (entry.isEmpty()) {
                return results.error("no scan " + id + " (list_scans lists them)");
            }
            ScanEntry e = entry.get();
            return results.ok(new Views.Status(e.id(), e.status().name().toLowerCase(Locale.ROOT), e.targets(),
                    null, null, null, e.hostsUp(), e.openPorts(),
                    e.endedAt().map(end -> Duration.between(e.startedAt(), end).toMillis()).orElse(null),
                    e.message().orElse(null)));
        } catch (StoreException e) {
            return results.error(e.getMessage());
        }
    }

    private CallToolResult cancel(McpSyncServerExchange exchange, CallToolRequest request) {
        Arguments a = new Arguments("cancel_scan", request.arguments(), Set.of("scan_id"));
        long id = a.requiredInteger("scan_id", 1, Long.MAX_VALUE);
        Optional<TrackedScan> tracked = book.get(id);
        if (tracked.isEmpty()) {
            return results.error("no running scan " + id + " of this server");
        }
        boolean cancelled = tracked.get().cancel();
        ScanSnapshot s = cancelled ? awaitQuietly(tracked.get(), Duration.ofSeconds(5)) : tracked.get().snapshot();
        return results.ok(new Views.Cancel(id, cancelled, s.status()));
    }

    /** Waits for the end, sending each progress report to the client when it gave a progress token. */
    private ScanSnapshot await(TrackedScan scan, Duration max, McpSyncServerExchange exchange, CallToolRequest request) {
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        // No notification after the end: the response says it, and one just before the response races it in
        // clients that handle notifications asynchronously (the TypeScript SDK then reports an unknown token).
        ScanSnapshot end;
        try {
            end = scan.await(max, p -> {
                if (token != null) {
                    exchange.progressNotification(new McpSchema.ProgressNotification(token, (double) p.done(),
                            (double) p.total(), "scan " + scan.id() + ": " + p.done() + " of " + p.total() + " done"));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return scan.snapshot();
        }
        return end;
    }

    private static ScanSnapshot awaitQuietly(TrackedScan scan, Duration max) {
        try {
            return scan.await(max, p -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return scan.snapshot();
        }
    }

    static Views.Status status(ScanSnapshot s) {
        boolean finished = s.terminal().filter(ScanEvent.Finished.class::isInstance).isPresent();
        Long done = s.progress().map(p -> finished ? p.total() : p.done()).orElse(null);
        Long total = s.progress().map(ScanEvent.Progress::total).orElse(null);
        Double percent = finished ? Double.valueOf(100.0) : s.progress().filter(p -> p.total() > 0)
                .map(p -> Math.round(1000.0 * p.done() / p.total()) / 10.0).orElse(null);
        Long elapsed = s.terminal().map(ScanTools::elapsed)
                .orElse(s.progress().map(p -> p.elapsed().toMillis()).orElse(null));
        return new Views.Status(s.id(), s.status(), s.targets(), done, total, percent, s.hostsUp(), s.openPorts(),
                elapsed, s.message().orElse(null));
    }

    private static Long elapsed(ScanEvent terminal) {
        return switch (terminal) {
            case ScanEvent.Finished f -> f.summary().elapsed().toMillis();
            case ScanEvent.Cancelled c -> c.summary().elapsed().toMillis();
            case ScanEvent.Failed f -> f.summary().elapsed().toMillis();
            default -> null;
        };
    }
}
