package io.netsweep.service;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where service detection hands a port to MCP discovery: only once a catalogue entry matched what a GET of an
 * MCP path answered ({@code mcp}: a JSON-RPC error to a GET without a session; {@code mcp-sse}: an event stream
 * naming its message endpoint; {@code mcp-auth}: a bearer challenge naming OAuth protected-resource metadata).
 * Nothing else ever leads to a request other than GET. Stateless.
 */
final class McpHandoff {
    /** The GET probes that look for an MCP endpoint on an HTTP service nothing else named. */
    static final List<String> GET_PROBES = List.of("http-mcp", "http-mcp-sse");
    static final String CATEGORY = "mcp-server";

    private McpHandoff() {}

    /** The endpoint to discover, when {@code found} is one of the MCP entries. */
    record Endpoint(McpServer.Transport transport, String path) {}

    static Optional<Endpoint> endpoint(Found found, Catalogue catalogue) {
        McpServer.Transport transport = switch (found.rule().id()) {
            case "mcp", "mcp-auth" -> McpServer.Transport.STREAMABLE_HTTP;
            case "mcp-sse" -> McpServer.Transport.HTTP_SSE;
            default -> null;
        };
        if (transport == null) {
            return Optional.empty();
        }
        return catalogue.probe(found.probe()).filter(p -> p.kind() == ProbeSpec.Kind.HTTP)
                .map(p -> new Endpoint(transport, p.path()));
    }

    /** The report of a discovered server: MCP server, what it says it is as extra information, its tools. */
    static ServiceReport report(McpServer server, Optional<TlsSummary> tls, String evidence) {
        List<String> info = new ArrayList<>(3);
        server.serverLabel().ifPresent(info::add);
        info.add(server.transport().label());
        server.protocolVersion().ifPresent(v -> info.add("protocol " + v));
        String said = server.auth() == AuthState.REQUIRED
                ? "refused without credentials" + (server.authorizationServers().isEmpty() ? ""
                        : " (OAuth: " + String.join(", ", server.authorizationServers()) + ")")
                : server.toolsListed() ? server.toolCount() + " tools listed without credentials"
                : "initialized without credentials";
        String identity = server.transport().label() + " " + server.endpoint() + ": " + said;
        ServiceIdentity ai = new ServiceIdentity("MCP server", Optional.empty(), CATEGORY, server.auth(), List.of(),
                identity);
        return new ServiceReport("http", Optional.of("MCP server"), Optional.empty(),
                Optional.of(String.join("; ", info)), List.of(), tls, Optional.empty(), Optional.of(ai),
                ServiceReport.Method.PROBED, 10, evidence + "; " + identity, Optional.of(server));
    }
}
