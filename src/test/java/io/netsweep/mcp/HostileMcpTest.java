package io.netsweep.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netsweep.identify.TrustAllTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MCP discovery against servers that lie, flood or stall: it never follows an endpoint to another address, keeps
 * at most {@link McpServer#MAX_TOOLS} tools with clean names, stops at its byte budget and its deadline (shown
 * under a hang guard, not as a speed bound), and never answers a request of the server's.
 */
class HostileMcpTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private final McpDiscovery discovery = new McpDiscovery("netsweep/test", TrustAllTls::socketFactory);

    private static InetSocketAddress at(ScriptedHttp server) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"hostile\",\"version\":\"6.6.6\"}}}";

    @Test
    void anEndpointEventNamingAnotherAddressIsNeverFollowed() throws Exception {
        try (ScriptedHttp elsewhere = new ScriptedHttp(InetAddress.getByName("127.0.0.2"),
                (r, out) -> ScriptedHttp.reply(out, 202, "text/plain", ""));
             ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) -> {
                 out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nevent: endpoint\ndata: "
                         + "http://127.0.0.2:" + 0 + "/message?sessionId=1\n\n").getBytes(StandardCharsets.US_ASCII));
             })) {
            // The port is filled in by a second server whose events name the first one's port.
            try (ScriptedHttp naming = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) ->
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nevent: endpoint\ndata: "
                            + "http://127.0.0.2:" + elsewhere.port() + "/message?sessionId=1\n\n")
                            .getBytes(StandardCharsets.US_ASCII)))) {
                assertThat(discovery.discover(at(naming), false, McpServer.Transport.HTTP_SSE, "/sse",
                        Duration.ofSeconds(5))).isEmpty();
                assertThat(discovery.discover(at(server), false, McpServer.Transport.HTTP_SSE, "/sse",
                        Duration.ofSeconds(5))).isEmpty();
                assertThat(elsewhere.connections.get()).isZero();
                assertThat(naming.requests()).extracting(ScriptedHttp.Request::method).containsOnly("GET");
            }
        }
    }

    @Test
    void aFloodOfToolsIsCappedAndTheirNamesCleaned() throws Exception {
        StringBuilder tools = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            tools.append(i == 0 ? "" : ",").append("{\"name\":\"t").append(i).append("\\u001b[2J\\u202e\"}");
        }
        try (ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) -> {
            if (r.body().contains("\"initialize\"")) {
                ScriptedHttp.reply(out, 200, "application/json", INIT);
            } else if (r.body().contains("\"tools/list\"")) {
                ScriptedHttp.reply(out, 200, "application/json",
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[" + tools + "]}}");
            } else {
                ScriptedHttp.reply(out, 202, "text/plain", "");
            }
        })) {
            McpServer found = discovery.discover(at(server), false, McpServer.Transport.STREAMABLE_HTTP, "/mcp",
                    Duration.ofSeconds(20)).orElseThrow();
            assertThat(found.toolCount()).isEqualTo(5000);
            assertThat(found.tools()).hasSize(McpServer.MAX_TOOLS)
                    .allSatisfy(t -> assertThat(t.name()).matches("t\\d+\\[2J").doesNotContain("\u001b", "\u202e"));
            assertThat(found.name()).contains("hostile");
        }
    }

    @Test
    void aServerNameIsCleanedAsEveryOtherNetworkTextIncludingReplacementCharacters() throws Exception {
        String init = INIT.replace("\"name\":\"hostile\"", "\"name\":\" hostile\\ufffd\\u202e \\t name\\ufffd \"");
        try (ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) -> {
            if (r.body().contains("\"initialize\"")) {
                ScriptedHttp.reply(out, 200, "application/json", init);
            } else if (r.body().contains("\"tools/list\"")) {
                ScriptedHttp.reply(out, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
            } else {
                ScriptedHttp.reply(out, 202, "text/plain", "");
            }
        })) {
            McpServer found = discovery.discover(at(server), false, McpServer.Transport.STREAMABLE_HTTP, "/mcp",
                    Duration.ofSeconds(20)).orElseThrow();
            assertThat(found.name()).hasValue("hostile name");
        }
    }

    @Test
    void anEndlessStreamThatNeverAnswersEndsAtTheDeadline() throws Exception {
        try (ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(": still here\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(20);
            }
        })) {
            Optional<McpServer> found = assertTimeoutPreemptively(HANG_GUARD, () -> discovery.discover(at(server),
                    false, McpServer.Transport.STREAMABLE_HTTP, "/mcp", Duration.ofSeconds(1)));
            assertThat(found).isEmpty();
        }
    }

    @Test
    void anAnswerBeyondTheByteBudgetIsDropped() throws Exception {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"serverInfo\":{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}}";
        try (ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(),
                (r, out) -> ScriptedHttp.reply(out, 200, "application/json", huge))) {
            assertThat(discovery.discover(at(server), false, McpServer.Transport.STREAMABLE_HTTP, "/mcp",
                    Duration.ofSeconds(20))).isEmpty();
        }
    }

    @Test
    void requestsOfTheServerAreReadPastAndNeverAnswered() throws Exception {
        try (ScriptedHttp server = new ScriptedHttp(InetAddress.getLoopbackAddress(), (r, out) -> {
            if (r.body().contains("\"initialize\"")) {
                String events = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"sampling/createMessage\","
                        + "\"params\":{}}\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":98,\"method\":"
                        + "\"elicitation/create\",\"params\":{}}\n\nevent: message\ndata: " + INIT + "\n\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nMcp-Session-Id: abc\r\n\r\n" + events)
                        .getBytes(StandardCharsets.UTF_8));
            } else if (r.body().contains("\"tools/list\"")) {
                ScriptedHttp.reply(out, 200, "application/json",
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"run\"}]}}");
            } else {
                ScriptedHttp.reply(out, 202, "text/plain", "");
            }
        })) {
            McpServer found = discovery.discover(at(server), false, McpServer.Transport.STREAMABLE_HTTP, "/mcp",
                    Duration.ofSeconds(20)).orElseThrow();
            assertThat(found.tools()).extracting(McpTool::name).containsExactly("run");
            assertThat(server.requests()).extracting(ScriptedHttp.Request::body)
                    .noneMatch(b -> b.contains("\"result\"") || b.contains("\"id\":99") || b.contains("\"id\":98"))
                    .noneMatch(b -> b.contains("tools/call"));
            assertThat(server.requests()).extracting(r -> r.method() + " " + r.path())
                    .containsExactly("POST /mcp", "POST /mcp", "POST /mcp", "DELETE /mcp");
        }
    }

}
