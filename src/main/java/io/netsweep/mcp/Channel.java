package io.netsweep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One MCP session over one of the HTTP transports: JSON-RPC requests answered, notifications sent, the
 * session ended. Server-initiated requests that arrive meanwhile (sampling, elicitation, roots, ping) are
 * read past and never answered. Not thread-safe.
 */
sealed interface Channel extends AutoCloseable permits StreamableChannel, LegacySseChannel {

    /** How a request went. */
    sealed interface Reply {}

    /** The server's {@code result}. */
    record Result(JsonNode result) implements Reply {}

    /** A JSON-RPC error answer. */
    record Error(int code) implements Reply {}

    /** 401 or 403: credentials are needed; {@code challenge} is the WWW-Authenticate header, if any. */
    record Denied(int status, String challenge) implements Reply {}

    /** Anything else: another status, no answer, not JSON-RPC. */
    record NoAnswer(String why) implements Reply {}

    /** Sends a request and waits (within the discovery's deadline) for its answer. */
    Reply call(String method, JsonNode params) throws IOException;

    /** Sends a notification (no answer expected). */
    void notify(String method) throws IOException;

    /** Ends the session where the transport allows it, and closes what is open. Never throws. */
    @Override
    void close();
}
