package io.netsweep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MCP's Streamable HTTP transport: every message a POST to the one endpoint, each answer a JSON body or an
 * event stream carrying it; the session id the server hands out with {@code initialize} goes with every later
 * request, and a DELETE ends the session. Not thread-safe.
 */
final class StreamableChannel implements Channel {
    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final int MAX_JSON = 1024 * 1024;

    private final McpHttp http;
    private final Rpc rpc;
    private final String endpoint;
    private long nextId = 1;
    private Optional<String> session = Optional.empty();
    private Optional<String> protocolVersion = Optional.empty();

    StreamableChannel(McpHttp http, Rpc rpc, String endpoint) {
        this.http = http;
        this.rpc = rpc;
        this.endpoint = endpoint;
    }

    /** The version agreed in {@code initialize}, sent as {@code MCP-Protocol-Version} from then on. */
    void protocolVersion(String version) {
        if (version.matches("[0-9A-Za-z.-]{1,32}")) {
            protocolVersion = Optional.of(version);
        }
    }

    @Override
    public Reply call(String method, JsonNode params) throws IOException {
        long id = nextId++;
        try (McpHttp.Response r = http.exchange("POST", endpoint, headers(), rpc.request(id, method, params))) {
            if (r.status == 401 || r.status == 403) {
                return new Denied(r.status, r.header("www-authenticate").orElse(""));
            }
            if (r.status != 200) {
                return new NoAnswer("HTTP " + r.status);
            }
            if (session.isEmpty()) {
                session = r.header("mcp-session-id").filter(s -> SESSION_ID.matcher(s).matches());
            }
            if (r.eventStream()) {
                SseEvents events = new SseEvents(r.body);
                for (Optional<SseEvents.Event> e = events.next(); e.isPresent(); e = events.next()) {
                    if (e.get().name().equals("message")) {
                        Optional<Reply> answer = rpc.answerTo(id, e.get().data());
                        if (answer.isPresent()) {
                            return answer.get();
                        }
                    }
                }
                return new NoAnswer("event stream ended without an answer");
            }
            return rpc.answerTo(id, r.text(MAX_JSON)).orElse(new NoAnswer("not a JSON-RPC answer"));
        }
    }

    @Override
    public void notify(String method) throws IOException {
        try (McpHttp.Response r = http.exchange("POST", endpoint, headers(), rpc.notification(method))) {
            // 202 Accepted, with no body: nothing to read
        }
    }

    @Override
    public void close() {
        if (session.isEmpty()) {
            return;
        }
        try (McpHttp.Response r = http.exchange("DELETE", endpoint, headers(), null)) {
            // the session is gone whatever the answer says
        } catch (IOException | RuntimeException e) {
            // a server that cannot end sessions lets them time out
        }
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        session.ifPresent(s -> h.put("Mcp-Session-Id", s));
        protocolVersion.ifPresent(v -> h.put("MCP-Protocol-Version", v));
        return h;
    }
}
