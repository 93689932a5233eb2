package io.netsweep.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.scan.ScanRequest;
import io.netsweep.web.http.Exchange;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON API under {@code /api}. Every route wants the token (see {@link RequestGuard}); POST
 * routes also want the server's own Origin and a JSON body of at most {@link #MAX_BODY} bytes.
 * Anything wrong ends in a 4xx with {@code {"error": "..."}}, before any scan is started.
 * Thread-safe: one instance serves all request threads.
 */
final class ApiHandler {
    static final int MAX_BODY = 64 * 1024;
    private static final Pattern SCAN_PATH = Pattern.compile("/api/scans/([0-9]{1,12})(/cancel|/events|/export)?");

    private final RequestGuard guard;
    private final ScanRegistry registry;
    private final ScanRequestFactory requests;
    private final SseClients clients;
    private final ApiJson json;
    private final StoreApi store;

    ApiHandler(RequestGuard guard, ScanRegistry registry, ScanRequestFactory requests, SseClients clients,
               ApiJson json, StoreApi store) {
        this.store = store;
        this.guard = guard;
        this.registry = registry;
        this.requests = requests;
        this.clients = clients;
        this.json = json;
    }

    void handle(Exchange ex) throws IOException, HttpProblem {
        String path = ex.path();
        String method = ex.method();
        Matcher m = SCAN_PATH.matcher(path);
        boolean events = m.matches() && "/events".equals(m.group(2));
        guard.checkToken(ex, events && method.equals("GET"));
        if (StoreApi.routes(path)) {
            store.handle(ex);
            return;
        }
        switch (path) {
            case "/api/scans" -> {
                allow(ex, Set.of("GET", "POST"));
                if (method.equals("POST")) {
                    startScan(ex);
                } else {
                    listScans(ex);
                }
            }
            case "/api/validate" -> {
                allow(ex, Set.of("POST"));
                validate(ex);
            }
            default -> {
                if (!m.matches()) {
                    throw new HttpProblem(404, "no such API endpoint");
                }
                String action = m.group(2) == null ? "" : m.group(2);
                allow(ex, Set.of(action.equals("/cancel") ? "POST" : "GET"));
                WebScan scan = registry.find(m.group(1))
                        .orElseThrow(() -> new HttpProblem(404, "no scan with id " + m.group(1)));
                switch (action) {
                    case "" -> {
                        ObjectNode detail = status(scan.status(), true);
                        form(detail.putObject("form"), scan.form());
                        Http.sendJson(ex, 200, detail.toString());
                    }
                    case "/cancel" -> {
                        scan.cancel();
                        Http.sendJson(ex, 202, status(scan.status(), false).toString());
                    }
                    case "/events" -> stream(ex, scan);
                    case "/export" -> export(ex, scan);
                    default -> throw new HttpProblem(404, "no such API endpoint");
                }
            }
        }
    }

    private void allow(Exchange ex, Set<String> methods) throws HttpProblem {
        if (!methods.contains(ex.method())) {
            ex.responseHeaders().set("Allow", String.join(", ", methods));
            throw new HttpProblem(405, "method " + Http.oneLine(ex.method(), 20) + " not allowed here");
        }
        if (ex.method().equals("POST")) {
            guard.checkOrigin(ex);
        }
    }

    private static void requireJson(Exchange ex) throws HttpProblem {
        String type = ex.header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(415, "send the form as application/json");
        }
    }

    private ScanRequest request(ScanForm form) throws HttpProblem {
        try {
            return requests.create(form);
        } catch (InvalidScanRequestException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid scan request" : e.getMessage();
            throw new HttpProblem(400, Http.oneLine(message, 300));
        }
    }

    private void startScan(Exchange ex) throws IOException, HttpProblem {
        requireJson(ex);
        ScanForm form = json.parseForm(Http.readBody(ex, MAX_BODY));
        WebScan scan = registry.start(form, request(form));
        ex.responseHeaders().set("Location", "/api/scans/" + scan.id());
        Http.sendJson(ex, 201, json.object().put("id", scan.id()).toString());
    }

    private void validate(Exchange ex) throws IOException, HttpProblem {
        requireJson(ex);
        ScanForm form = json.parseForm(Http.readBody(ex, MAX_BODY));
        ObjectNode answer = json.object();
        try {
            ScanRequest r = request(form);
            answer.put("ok", true).put("count", r.targets().size()).put("ports", r.ports().size());
        } catch (HttpProblem invalid) {
            answer.put("ok", false).put("error", invalid.getMessage());
        }
        Http.sendJson(ex, 200, answer.toString());
    }

    private void listScans(Exchange ex) throws IOException {
        ArrayNode list = json.object().arrayNode();
        registry.list().forEach(s -> list.add(status(s.status(), false)));
        Http.sendJson(ex, 200, json.object().set("scans", list).toString());
    }

    private void stream(Exchange ex, WebScan scan) {
        int start = 0;
        String last = ex.header("Last-Event-ID").orElse("");
        if (last.matches("[0-9]{1,9}")) {
            start = Math.min(Integer.parseInt(last), scan.log().size());
        }
        clients.run(ex, scan.log(), start);
    }

    private void export(Exchange ex, WebScan scan) throws IOException, HttpProblem {
        Map<String, String> q = Http.query(ex);
        String format = q.getOrDefault("format", "jsonl");
        String type = switch (format) {
            case "jsonl" -> "application/x-ndjson; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            default -> throw new HttpProblem(400, "format must be jsonl or csv");
        };
        var h = ex.responseHeaders();
        Http.secure(h);
        h.set("Content-Type", type);
        h.set("Content-Disposition", "attachment; filename=\"netsweep-scan-" + scan.id() + "." + format + "\"");
        try (Writer out = new OutputStreamWriter(ex.stream(200), StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                Export.csv(scan.csvEvents(), out);
            } else {
                Export.jsonLines(scan.log().snapshot(), out);
            }
        }
    }

    /** The form the scan was started from, so the page can show what a scan it displays was asked to do. */
    private static void form(ObjectNode n, ScanForm f) {
        n.put("targets", f.targets()).put("exclude", f.exclude()).put("preset", f.preset()).put("ports", f.ports());
        if (f.timeoutMs().isPresent()) {
            n.put("timeoutMs", f.timeoutMs().getAsInt());
        } else {
            n.putNull("timeoutMs");
        }
        if (f.concurrency().isPresent()) {
            n.put("concurrency", f.concurrency().getAsInt());
        } else {
            n.putNull("concurrency");
        }
        n.put("reverseDns", f.reverseDns()).put("identify", f.identify());
    }

    private ObjectNode status(WebScan.Status s, boolean detailed) {
        ObjectNode n = json.object()
                .put("id", s.id()).put("targets", s.targets()).put("state", s.state().label())
                .put("createdAt", s.createdAt().toString())
                .put("endedAt", s.endedAt().map(Object::toString).orElse(null));
        if (s.storedId().isPresent()) {
            n.put("storedId", s.storedId().getAsLong());
        } else {
            n.putNull("storedId");
        }
        n.putObject("counts").put("hostsUp", s.hostsUp()).put("openPorts", s.openPorts())
                .put("done", s.progress().map(p -> p.done()).orElse(0L))
                .put("total", s.progress().map(p -> p.total()).orElse(0L));
        if (detailed) {
            s.summary().ifPresentOrElse(sum -> n.putObject("summary")
                    .put("targets", sum.targets()).put("hostsUp", sum.hostsUp()).put("openPorts", sum.openPorts())
                    .put("probesSent", sum.probesSent()).put("elapsedMs", sum.elapsed().toMillis()),
                    () -> n.putNull("summary"));
            n.put("error", s.failure().orElse(null));
            n.put("droppedEvents", s.droppedEvents());
        }
        return n;
    }
}
