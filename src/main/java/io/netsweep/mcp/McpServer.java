package io.netsweep.mcp;

import io.netsweep.identify.AuthState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What MCP's own read-only discovery learned about a server: who it says it is, which protocol version it
 * agreed to, whether it asked for credentials, and the tools (with their annotations), resources and prompts
 * it lists. Immutable; every string came from the network (cleaned and capped here, escaped by whoever shows
 * it).
 *
 * @param transport            how it was reached
 * @param endpoint             the path of its MCP endpoint ({@code /mcp}, {@code /sse})
 * @param name                 {@code serverInfo.name}
 * @param version              {@code serverInfo.version} (the server's own, which may not be its package's)
 * @param protocolVersion      the protocol version the server answered {@code initialize} with
 * @param auth                 {@link AuthState#NONE} when it listed without credentials, {@link AuthState#REQUIRED}
 *                             when it answered 401 or 403, else {@link AuthState#UNKNOWN}
 * @param authorizationServers OAuth authorization servers its protected-resource metadata names
 * @param tools                the tools it listed (at most {@link #MAX_TOOLS}); empty when not listed
 * @param toolsListed          whether {@code tools/list} answered (an empty list then means none)
 * @param toolCount            how many tools it listed, counting those beyond {@link #MAX_TOOLS}
 * @param resources            how many resources {@code resources/list} gave, if it answered
 * @param prompts              how many prompts {@code prompts/list} gave, if it answered
 */
public record McpServer(Transport transport, String endpoint, Optional<String> name, Optional<String> version,
                        Optional<String> protocolVersion, AuthState auth, List<String> authorizationServers,
                        List<McpTool> tools, boolean toolsListed, int toolCount, OptionalInt resources,
                        OptionalInt prompts) {
    public static final int MAX_TOOLS = 256;
    static final int MAX_AUTH_SERVERS = 8;

    /** MCP's HTTP transports. */
    public enum Transport {
        /** Streamable HTTP (protocol 2025-03-26 on): one endpoint taking POSTs, answering JSON or an event stream. */
        STREAMABLE_HTTP("Streamable HTTP"),
        /** The older HTTP+SSE transport (2024-11-05): a GET event stream names where to POST. */
        HTTP_SSE("HTTP+SSE");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public McpServer {
        Objects.requireNonNull(transport, "transport");
        endpoint = Text.clean(Objects.requireNonNull(endpoint, "endpoint"), Text.MAX_FIELD);
        name = Objects.requireNonNull(name, "name").flatMap(n -> Text.field(n, Text.MAX_FIELD));
        version = Objects.requireNonNull(version, "version").flatMap(v -> Text.field(v, 64));
        protocolVersion = Objects.requireNonNull(protocolVersion, "protocolVersion").flatMap(v -> Text.field(v, 32));
        Objects.requireNonNull(auth, "auth");
        authorizationServers = authorizationServers.stream().limit(MAX_AUTH_SERVERS)
                .map(s -> Text.clean(s, Text.MAX_FIELD)).filter(s -> !s.isEmpty()).toList();
        tools = tools.stream().limit(MAX_TOOLS).toList();
        if (toolCount < tools.size()) {
            throw new IllegalArgumentException("toolCount below the tools listed: " + toolCount);
        }
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(prompts, "prompts");
    }

    /** The tools the server does not declare read-only. */
    public List<McpTool> writingTools() {
        return tools.stream().filter(t -> !t.isReadOnly()).toList();
    }

    /** {@code mcp-servers/everything 2.0.0}, or the name alone, or empty. */
    public Optional<String> serverLabel() {
        return name.map(n -> n + version.map(v -> " " + v).orElse(""));
    }
}
