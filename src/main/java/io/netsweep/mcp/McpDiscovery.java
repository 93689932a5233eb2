package io.netsweep.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.identify.AuthState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * MCP's own read-only discovery of a server that GET requests already showed to be one: {@code initialize}
 * (declaring no client capabilities, so the server has no reason to ask for sampling, elicitation or roots),
 * {@code notifications/initialized}, then {@code tools/list}, {@code resources/list} and {@code prompts/list}
 * for what the server advertises, then the session's end (DELETE on Streamable HTTP, closing the stream on
 * HTTP+SSE). It never sends {@code tools/call} or any other method ({@link Rpc#METHODS} is the whole list), and
 * never answers a request of the server's. A server that answers 401 or 403 is reported as requiring
 * credentials, with the authorization servers its OAuth protected-resource metadata names (fetched with GET,
 * only from the same host and port).
 *
 * <p>Bounded: one deadline for the whole discovery, 1 MiB read in all, at most {@link #MAX_PAGES} pages per
 * listing. Thread-safe and stateless: each call uses its own connections.
 */
public final class McpDiscovery {
    static final String PROTOCOL_VERSION = "2025-06-18";
    static final int MAX_PAGES = 4;
    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]{1,512})\"");

    private final String userAgent;
    private final Supplier<SSLSocketFactory> tlsFactory;
    private final Rpc rpc = new Rpc((int) MAX_BYTES);

    public McpDiscovery(String userAgent, Supplier<SSLSocketFactory> tlsFactory) {
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.tlsFactory = Objects.requireNonNull(tlsFactory, "tlsFactory");
    }

    /**
     * Discovers the server at {@code endpoint} of {@code target}, within {@code timeLeft}. Empty when it did not
     * answer as an MCP server (or time ran out before it said who it is); never throws for what it answers.
     */
    public Optional<McpServer> discover(InetSocketAddress target, boolean tls, McpServer.Transport transport,
                                        String endpoint, Duration timeLeft) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        if (!McpHttp.SAFE_PATH.matcher(endpoint).matches() || timeLeft.isNegative() || timeLeft.isZero()) {
            return Optional.empty();
        }
        try (McpHttp http = new McpHttp(target, tls, userAgent, tlsFactory, System.nanoTime() + timeLeft.toNanos(),
                new McpHttp.Budget(MAX_BYTES))) {
            Channel channel;
            if (transport == McpServer.Transport.HTTP_SSE) {
                switch (LegacySseChannel.open(http, rpc, endpoint)) {
                    case LegacySseChannel.Open open -> channel = open.channel();
                    case LegacySseChannel.Refused refused -> {
                        return refused.why() instanceof Channel.Denied denied
                                ? Optional.of(denied(http, transport, endpoint, denied)) : Optional.empty();
                    }
                }
            } else {
                channel = new StreamableChannel(http, rpc, endpoint);
            }
            try (Channel session = channel) {
                return run(http, session, transport, endpoint);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<McpServer> run(McpHttp http, Channel channel, McpServer.Transport transport, String endpoint)
            throws IOException {
        ObjectNode params = rpc.object().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "netsweep").put("version", userAgent.replaceFirst("^netsweep/", ""));
        Channel.Reply init = channel.call("initialize", params);
        if (init instanceof Channel.Denied denied) {
            return Optional.of(denied(http, transport, endpoint, denied));
        }
        if (!(init instanceof Channel.Result(JsonNode result)) || !result.path("serverInfo").isObject()
                && !result.path("protocolVersion").isTextual()) {
            return Optional.empty();
        }
        Optional<String> agreed = text(result, "protocolVersion");
        if (channel instanceof StreamableChannel streamable) {
            agreed.ifPresent(streamable::protocolVersion);
        }
        JsonNode info = result.path("serverInfo");
        Optional<String> name = text(info, "name");
        Optional<String> version = text(info, "version");
        JsonNode capabilities = result.path("capabilities");
        Listing tools = Listing.NONE;
        OptionalInt resources = OptionalInt.empty();
        OptionalInt prompts = OptionalInt.empty();
        AuthState auth = AuthState.NONE;
        try {
            channel.notify("notifications/initialized");
            if (capabilities.has("tools")) {
                tools = list(channel, "tools/list", "tools");
            }
            if (capabilities.has("resources") && !tools.denied()) {
                resources = list(channel, "resources/list", "resources").count();
            }
            if (capabilities.has("prompts") && !tools.denied()) {
                prompts = list(channel, "prompts/list", "prompts").count();
            }
        } catch (IOException e) {
            // time or bytes ran out part way: report what was learned
        }
        if (tools.denied()) {
            auth = AuthState.REQUIRED;
        }
        return Optional.of(new McpServer(transport, endpoint, name, version, agreed, auth, List.of(), tools.tools(),
                tools.listed(), tools.total(), resources, prompts));
    }

    /** A listing's outcome: what it held, and whether it was answered or refused. */
    private record Listing(List<McpTool> tools, int total, boolean listed, boolean denied) {
        static final Listing NONE = new Listing(List.of(), 0, false, false);

        OptionalInt count() {
            return listed ? OptionalInt.of(total) : OptionalInt.empty();
        }
    }

    private Listing list(Channel channel, String method, String field) throws IOException {
        List<McpTool> tools = new ArrayList<>();
        int total = 0;
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = rpc.object();
            cursor.ifPresent(c -> params.put("cursor", c));
            Channel.Reply reply = channel.call(method, params);
            if (reply instanceof Channel.Denied) {
                return new Listing(List.of(), 0, false, true);
            }
            if (!(reply instanceof Channel.Result(JsonNode result)) || !result.path(field).isArray()) {
                return page == 0 ? Listing.NONE : new Listing(tools, total, true, false);
            }
            for (JsonNode item : result.get(field)) {
                total++;
                if (field.equals("tools") && tools.size() < McpServer.MAX_TOOLS && item.path("name").isTextual()) {
                    JsonNode a = item.path("annotations");
                    tools.add(new McpTool(item.get("name").asText(), bool(a, "readOnlyHint"), bool(a, "destructiveHint")));
                }
            }
            cursor = text(result, "nextCursor");
            if (cursor.isEmpty()) {
                break;
            }
        }
        return new Listing(tools, total, true, false);
    }

    /** A server that wants credentials: what its OAuth protected-resource metadata says, fetched with GET. */
    private McpServer denied(McpHttp http, McpServer.Transport transport, String endpoint, Channel.Denied denied) {
        List<String> servers = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Matcher m = RESOURCE_METADATA.matcher(denied.challenge());
        if (m.find()) {
            sameOriginPath(http, m.group(1)).ifPresent(paths::add);
        }
        String base = endpoint.contains("?") ? endpoint.substring(0, endpoint.indexOf('?')) : endpoint;
        paths.add("/.well-known/oauth-protected-resource" + (base.equals("/") ? "" : base));
        paths.add("/.well-known/oauth-protected-resource");
        for (String path : paths.stream().distinct().toList()) {
            if (!servers.isEmpty()) {
                break;
            }
            try (McpHttp.Response r = http.exchange("GET", path, Map.of("Accept", "application/json"), null)) {
                if (r.status == 200) {
                    rpc.parse(r.text(64 * 1024)).map(n -> n.path("authorization_servers")).filter(JsonNode::isArray)
                            .ifPresent(a -> a.forEach(s -> {
                                if (s.isTextual()) {
                                    servers.add(s.asText());
                                }
                            }));
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return new McpServer(transport, endpoint, Optional.empty(), Optional.empty(), Optional.empty(),
                AuthState.REQUIRED, servers, List.of(), false, 0, OptionalInt.empty(), OptionalInt.empty());
    }

    private static Optional<String> sameOriginPath(McpHttp http, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
                return Optional.empty();
            }
            if (uri.getHost() != null) {
                Optional<String> same = LegacySseChannel.sameOrigin(http, url);
                return same.filter(p -> !p.contains("?"));
            }
            return Optional.of(uri.getRawPath()).filter(p -> McpHttp.SAFE_PATH.matcher(p).matches());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isBoolean() ? Optional.of(v.asBoolean()) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Text.field(v.asText(), Text.MAX_FIELD) : Optional.empty();
    }
}
