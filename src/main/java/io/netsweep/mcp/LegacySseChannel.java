package io.netsweep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * MCP's older HTTP+SSE transport (protocol 2024-11-05): a GET opens an event stream whose first
 * {@code endpoint} event names where to POST messages; answers come back on that stream. Closing the stream
 * ends the session. Messages are only ever posted to the same host and port. Not thread-safe.
 */
final class LegacySseChannel implements Channel {
    private static final int MAX_EVENTS_BEFORE_ENDPOINT = 8;

    private final McpHttp http;
    private final Rpc rpc;
    private final McpHttp.Response stream;
    private final SseEvents events;
    private final String messages;
    private long nextId = 1;

    private LegacySseChannel(McpHttp http, Rpc rpc, McpHttp.Response stream, SseEvents events, String messages) {
        this.http = http;
        this.rpc = rpc;
        this.stream = stream;
        this.events = events;
        this.messages = messages;
    }

    /** What opening the stream gave: a channel, or the reason there is none. */
    sealed interface Opened {}

    record Open(LegacySseChannel channel) implements Opened {}

    record Refused(Reply why) implements Opened {}

    static Opened open(McpHttp http, Rpc rpc, String endpoint) throws IOException {
        McpHttp.Response r = http.exchange("GET", endpoint, Map.of("Accept", "text/event-stream"), null);
        try {
            if (r.status == 401 || r.status == 403) {
                r.close();
                return new Refused(new Denied(r.status, r.header("www-authenticate").orElse("")));
            }
            if (r.status != 200 || !r.eventStream()) {
                r.close();
                return new Refused(new NoAnswer("HTTP " + r.status + " without an event stream"));
            }
            SseEvents events = new SseEvents(r.body);
            for (int i = 0; i < MAX_EVENTS_BEFORE_ENDPOINT; i++) {
                Optional<SseEvents.Event> e = events.next();
                if (e.isEmpty()) {
                    break;
                }
                if (e.get().name().equals("endpoint")) {
                    Optional<String> path = sameOrigin(http, e.get().data().strip());
                    if (path.isEmpty()) {
                        r.close();
                        return new Refused(new NoAnswer("endpoint elsewhere or malformed"));
                    }
                    return new Open(new LegacySseChannel(http, rpc, r, events, path.get()));
                }
            }
            r.close();
            return new Refused(new NoAnswer("no endpoint event"));
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** The path to post to, when the endpoint event names this server (a path, or a URL of the same host and port). */
    static Optional<String> sameOrigin(McpHttp http, String data) {
        try {
            URI uri = new URI(data);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/")) {
                return Optional.empty();
            }
            if (uri.isAbsolute() || uri.getRawAuthority() != null) {
                String host = uri.getHost() == null ? "" : uri.getHost().replace("[", "").replace("]", "");
                int port = uri.getPort();
                String ours = http.target().getAddress().getHostAddress();
                int zone = ours.indexOf('%');
                ours = zone < 0 ? ours : ours.substring(0, zone);
                if (port != http.target().getPort() || !sameHost(host, ours)) {
                    return Optional.empty();
                }
            }
            String full = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return McpHttp.SAFE_PATH.matcher(full).matches() ? Optional.of(full) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean sameHost(String named, String ours) {
        if (named.equalsIgnoreCase(ours)) {
            return true;
        }
        try {
            return java.net.InetAddress.ofLiteral(named).getHostAddress().equalsIgnoreCase(ours);
        } catch (IllegalArgumentException e) {
            return false; // a name: never resolved, never followed
        }
    }

    @Override
    public Reply call(String method, JsonNode params) throws IOException {
        long id = nextId++;
        Optional<Reply> refused = post(rpc.request(id, method, params));
        if (refused.isPresent()) {
            return refused.get();
        }
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

    @Override
    public void notify(String method) throws IOException {
        post(rpc.notification(method));
    }

    private Optional<Reply> post(byte[] body) throws IOException {
        try (McpHttp.Response r = http.exchange("POST", messages, Map.of("Content-Type", "application/json"), body)) {
            if (r.status == 401 || r.status == 403) {
                return Optional.of(new Denied(r.status, r.header("www-authenticate").orElse("")));
            }
            if (r.status != 200 && r.status != 202) {
                return Optional.of(new NoAnswer("HTTP " + r.status));
            }
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
