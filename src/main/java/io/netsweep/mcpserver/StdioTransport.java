package io.netsweep.mcpserver;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/**
 * MCP over standard input and output: one JSON-RPC message per line each way. Unlike the SDK's own stdio transport,
 * a line that is not JSON-RPC (malformed JSON, an unknown shape, more than {@value #MAX_LINE} bytes) is answered
 * with a JSON-RPC error and the server reads on: one bad message never ends the session. Only protocol messages are
 * written to {@code out}; logs go elsewhere (stderr). Thread-safe: replies are written whole, one at a time.
 */
final class StdioTransport implements McpServerTransportProvider {
    /** Longest message read, in bytes: more than any tool's arguments may be (see {@link Arguments}). */
    static final int MAX_LINE = 4 << 20;
    /** How long answers to requests still running may take once the input has ended. */
    static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);
    private volatile McpServerSession session;
    private volatile boolean closed;

    StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out) {
        this.mapper = mapper;
        this.in = in;
        this.out = out;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new LineTransport());
    }

    /** Reads messages until the input ends (the client went away or closed the pipe); returns then. */
    void serve() {
        try (InputStream in = new java.io.BufferedInputStream(this.in)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            int b;
            while (!closed && (b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                if (tooLong) {
                    writeError(McpSchema.ErrorCodes.INVALID_REQUEST, "message longer than " + MAX_LINE + " bytes");
                } else {
                    accept(line.toString(StandardCharsets.UTF_8).strip());
                }
                line.reset();
                tooLong = false;
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "standard input failed: " + e.getMessage());
            }
        } finally {
            // Input ended: answer what was asked before closing (a client may write its requests and close stdin).
            try {
                inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), DRAIN.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "input ended with requests unanswered after " + DRAIN.toSeconds() + " s");
            }
            McpServerSession s = session;
            if (s != null) {
                s.closeGracefully().onErrorComplete().block();
            }
            ended.countDown();
        }
    }

    private void accept(String text) {
        if (text.isEmpty()) {
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (IOException | RuntimeException e) {
            // JSON that does not parse is a parse error; JSON of another shape an invalid request (JSON-RPC 2.0, 5.1).
            boolean json = isJson(text);
            writeError(json ? McpSchema.ErrorCodes.INVALID_REQUEST : McpSchema.ErrorCodes.PARSE_ERROR,
                    json ? "not a JSON-RPC 2.0 request, notification or response" : "not JSON");
            return;
        }
        inFlight.register();
        session.handle(message).onErrorResume(e -> {
            LOG.log(System.Logger.Level.WARNING, "a message could not be handled: " + e.getMessage());
            return Mono.empty();
        }).doFinally(signal -> inFlight.arriveAndDeregister()).subscribe();
    }

    private boolean isJson(String text) {
        try {
            mapper.readValue(text, Object.class);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An error answering a message whose id could not be read: {@code "id": null}, as JSON-RPC 2.0 asks. */
    private void writeError(int code, String message) {
        writeLine(JsonRpcErrors.withoutId(code, message));
    }

    private void write(McpSchema.JSONRPCMessage message) {
        try {
            writeLine(mapper.writeValueAsBytes(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeLine(byte[] bytes) {
        try {
            synchronized (out) {
                out.write(bytes);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return notifyClients(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> closed = true);
    }

    /** Waits until {@link #serve} has returned. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** The session's side: what it sends goes out as one line. */
    private final class LineTransport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> write(message));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return mapper.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(() -> closed = true);
        }
    }
}
