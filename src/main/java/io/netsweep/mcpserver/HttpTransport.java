package io.netsweep.mcpserver;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.netsweep.web.RequestGuard;
import io.netsweep.web.http.BadRequestBodyException;
import io.netsweep.web.http.Exchange;
import io.netsweep.web.http.HttpLimits;
import io.netsweep.web.http.HttpServer;
import io.netsweep.web.http.ResponseHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport on netsweep's own HTTP server ({@code web.http}), at {@code /mcp}, behind the web
 * UI's {@link RequestGuard}: the Host must name this server (421), the token must come in
 * {@code Authorization: Bearer} (401), and an {@code Origin}, which browsers send and MCP clients do not, must be
 * the server's own (403). A POSTed request is answered on a Server-Sent Events stream (its progress notifications,
 * then its response); notifications and responses get 202; DELETE ends a session; GET (a stream for messages outside
 * any request) is not offered (405), which the protocol allows. Thread-safe.
 */
final class HttpTransport implements McpStreamableServerTransportProvider, AutoCloseable {
    static final String PATH = "/mcp";
    /** Largest request body: more than any tool's arguments may be ({@link Arguments}). */
    static final long MAX_BODY = 4L << 20;
    /** Sessions kept at once; each client makes one. Past that the least recently used is ended. */
    static final int MAX_SESSIONS = 64;
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final McpJsonMapper mapper;
    private final String token;
    private final InetAddress bind;
    private final HttpServer server;
    private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    /** Session ids, least recently used first; guarded by itself. */
    private final java.util.LinkedHashMap<String, Boolean> recent = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private volatile McpStreamableServerSession.Factory factory;
    private volatile RequestGuard guard;
    private volatile boolean closing;

    HttpTransport(McpJsonMapper mapper, InetAddress bind, int port, String token) {
        this.mapper = mapper;
        this.token = token;
        this.bind = bind;
        this.server = new HttpServer(new InetSocketAddress(bind, port),
                HttpLimits.defaults(MAX_BODY), this::handle, HttpTransport::error);
    }

    /** Binds and serves; the guard learns the bound port first. */
    void start() throws IOException {
        server.start();
        guard = new RequestGuard(token, bind, server.address().getPort());
    }

    int port() {
        return server.address().getPort();
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.factory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> sessions.values().forEach(
                s -> s.sendNotification(method, params).onErrorComplete().subscribe()));
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        McpStreamableServerSession s = sessions.get(sessionId);
        return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        closing = true;
        sessions.values().forEach(s -> s.closeGracefully().onErrorComplete().block(Duration.ofSeconds(2)));
        sessions.clear();
        server.close(Duration.ofSeconds(2));
    }

    private static byte[] error(int status, String message, ResponseHeaders headers) {
        headers.set("Content-Type", "application/json");
        return JsonRpcErrors.withoutId(McpSchema.ErrorCodes.INVALID_REQUEST, message);
    }

    private void handle(Exchange ex) throws IOException {
        RequestGuard g = guard;
        ResponseHeaders h = ex.responseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        if (g == null || closing) {
            refuse(ex, 503, "not serving");
        } else if (!g.allowsHost(ex.header("Host").orElse(null))) {
            refuse(ex, 421, "this server answers only to its own address (Host header refused)");
        } else if (ex.header("Origin").isPresent() && !g.allowsOrigin(ex.header("Origin").get())) {
            refuse(ex, 403, "cross-origin request refused (Origin header foreign)");
        } else if (!g.presentsToken(ex, false)) {
            h.set("WWW-Authenticate", "Bearer");
            refuse(ex, 401, "missing or wrong token: use the one netsweep mcp --http printed");
        } else if (!ex.path().equals(PATH)) {
            refuse(ex, 404, "not found: the MCP endpoint is " + PATH);
        } else {
            switch (ex.method()) {
                case "POST" -> post(ex);
                case "DELETE" -> delete(ex);
                default -> {
                    h.set("Allow", "POST, DELETE");
                    refuse(ex, 405, "use POST (GET streams are not offered)");
                }
            }
        }
    }

    private void refuse(Exchange ex, int status, String message) throws IOException {
        ex.responseHeaders().set("Content-Type", "application/json");
        ex.send(status, JsonRpcErrors.withoutId(McpSchema.ErrorCodes.INVALID_REQUEST, message));
    }

    private void post(Exchange ex) throws IOException {
        byte[] body;
        try {
            body = ex.requestBody().readAllBytes();
        } catch (BadRequestBodyException e) {
            throw e; // the server answers 400 or 413 itself
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            ex.responseHeaders().set("Content-Type", "application/json");
            ex.send(400, JsonRpcErrors.withoutId(McpSchema.ErrorCodes.PARSE_ERROR,
                    "not a JSON-RPC 2.0 message"));
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest r && r.method().equals(McpSchema.METHOD_INITIALIZE)) {
            initialize(ex, r);
            return;
        }
        String id = ex.header(SESSION_HEADER).orElse(null);
        if (id == null) {
            refuse(ex, 400, "Mcp-Session-Id header required (initialize first)");
            return;
        }
        McpStreamableServerSession session = sessions.get(id);
        if (session == null) {
            refuse(ex, 404, "no such session (initialize again)");
            return;
        }
        touch(id);
        switch (message) {
            case McpSchema.JSONRPCResponse r -> {
                session.accept(r).onErrorComplete().block();
                ex.send(202, new byte[0]);
            }
            case McpSchema.JSONRPCNotification n -> {
                session.accept(n).onErrorComplete().block();
                ex.send(202, new byte[0]);
            }
            case McpSchema.JSONRPCRequest r -> {
                ex.responseHeaders().set("Content-Type", "text/event-stream");
                try (OutputStream stream = ex.stream(200)) {
                    SseTransport transport = new SseTransport(stream);
                    session.responseStream(r, transport).onErrorResume(e -> {
                        LOG.log(System.Logger.Level.WARNING, "request failed: " + e.getMessage());
                        return Mono.empty();
                    }).block();
                }
            }
            default -> refuse(ex, 400, "not a JSON-RPC 2.0 message");
        }
    }

    /** Marks a session used; returns the one to end when there are too many (clients that never said DELETE). */
    private java.util.Optional<String> touch(String id) {
        synchronized (recent) {
            recent.put(id, Boolean.TRUE);
            if (recent.size() <= MAX_SESSIONS) {
                return java.util.Optional.empty();
            }
            String eldest = recent.keySet().iterator().next();
            recent.remove(eldest);
            return java.util.Optional.of(eldest);
        }
    }

    private void forget(String id) {
        synchronized (recent) {
            recent.remove(id);
        }
    }

    private void initialize(Exchange ex, McpSchema.JSONRPCRequest request) throws IOException {
        McpSchema.InitializeRequest init;
        try {
            init = mapper.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        } catch (RuntimeException e) {
            ex.responseHeaders().set("Content-Type", "application/json");
            ex.send(400, mapper.writeValueAsBytes(McpSchema.JSONRPCResponse.error(request.id(),
                    new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                            "initialize: invalid params", null))));
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
        McpSchema.InitializeResult result = started.initResult().block();
        sessions.put(started.session().getId(), started.session());
        touch(started.session().getId()).map(sessions::remove)
                .ifPresent(old -> old.closeGracefully().onErrorComplete().subscribe());
        ex.responseHeaders().set("Content-Type", "application/json");
        ex.responseHeaders().set(SESSION_HEADER, started.session().getId());
        ex.send(200, mapper.writeValueAsBytes(McpSchema.JSONRPCResponse.result(request.id(), result)));
    }

    private void delete(Exchange ex) throws IOException {
        String id = ex.header(SESSION_HEADER).orElse(null);
        McpStreamableServerSession session = id == null ? null : sessions.remove(id);
        if (session == null) {
            refuse(ex, 404, "no such session");
            return;
        }
        forget(id);
        session.delete().onErrorComplete().block();
        ex.send(200, new byte[0]);
    }

    /** One POST's event stream: each message an SSE {@code message} event, written whole under a lock. */
    private final class SseTransport implements McpStreamableServerTransport {
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean closed; // guarded by lock

        SseTransport(OutputStream out) {
            this.out = out;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromRunnable(() -> {
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    StringBuilder event = new StringBuilder();
                    if (messageId != null && messageId.matches("[A-Za-z0-9_-]{1,200}")) {
                        event.append("id: ").append(messageId).append('\n');
                    }
                    event.append("event: message\ndata: ").append(mapper.writeValueAsString(message)).append("\n\n");
                    out.write(event.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    closed = true; // the client went away: drop what follows
                } finally {
                    lock.unlock();
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return mapper.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closed = true;
            } finally {
                lock.unlock();
            }
        }
    }
}
