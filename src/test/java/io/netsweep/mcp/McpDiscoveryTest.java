package io.netsweep.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.TrustAllTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.netsweep.service.TestCertificates;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP discovery against real servers (npm's reference server in both HTTP transports, servers on the real SDK
 * with OAuth or only read-only tools), each behind a proxy that records what it was sent: the server's
 * identity, protocol version, auth state and annotated tools are reported, and the only methods it ever saw
 * are the handshake and the listings (never {@code tools/call}).
 */
class McpDiscoveryTest {
    private static final Duration TIME = Duration.ofSeconds(20);
    private final McpDiscovery discovery = new McpDiscovery("netsweep/test", TrustAllTls::socketFactory);

    @Test
    void streamableHttpServerListsItsAnnotatedToolsAndEndsTheSession() throws Exception {
        try (McpServers.Running server = McpServers.everything("streamableHttp");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            McpServer found = discovery.discover(loopback(proxy.port()), false, McpServer.Transport.STREAMABLE_HTTP,
                    "/mcp", TIME).orElseThrow();

            assertThat(found.name()).contains("mcp-servers/everything");
            assertThat(found.version()).contains("2.0.0");
            assertThat(found.protocolVersion()).contains(McpDiscovery.PROTOCOL_VERSION);
            assertThat(found.auth()).isEqualTo(AuthState.NONE);
            assertThat(found.toolsListed()).isTrue();
            assertThat(found.tools()).extracting(McpTool::name).contains("echo", "get-sum", "toggle-simulated-logging");
            assertThat(tool(found, "echo").readOnly()).contains(true);
            assertThat(tool(found, "echo").access()).isEqualTo("read-only");
            assertThat(tool(found, "toggle-simulated-logging").readOnly()).contains(false);
            assertThat(tool(found, "toggle-simulated-logging").destructive()).contains(false);
            assertThat(tool(found, "toggle-simulated-logging").access()).isEqualTo("writes");
            assertThat(found.resources()).isPresent();
            assertThat(found.prompts()).isPresent();
            assertOnlyDiscovery(proxy);
            assertThat(proxy.requestLines()).contains("DELETE /mcp");
        }
    }

    @Test
    void aPathSlowToConnectStillHasItsToolsListedWithinTheDeadline() throws Exception {
        // Each new connection costs 1.5 s here and the discovery has 4 s: a connection per request (initialize,
        // notifications/initialized, tools/list) would reach tools/list only after 4.5 s.
        try (McpServers.Running server = McpServers.everything("streamableHttp");
             RecordingProxy slow = new RecordingProxy(server.address(), Duration.ofMillis(1500))) {
            McpServer found = discovery.discover(loopback(slow.port()), false, McpServer.Transport.STREAMABLE_HTTP,
                    "/mcp", Duration.ofSeconds(4)).orElseThrow();

            assertThat(found.toolsListed()).isTrue();
            assertThat(found.tools()).extracting(McpTool::name).contains("echo");
            assertThat(slow.connections()).as("one connection for the whole session").hasSize(1);
            assertThat(slow.requestLines()).startsWith("POST /mcp", "POST /mcp", "POST /mcp");
            assertOnlyDiscovery(slow);
        }
    }

    @Test
    void legacySseServerIsDiscoveredThroughItsEndpointEvent() throws Exception {
        try (McpServers.Running server = McpServers.everything("sse");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            McpServer found = discovery.discover(loopback(proxy.port()), false, McpServer.Transport.HTTP_SSE,
                    "/sse", TIME).orElseThrow();

            assertThat(found.transport()).isEqualTo(McpServer.Transport.HTTP_SSE);
            assertThat(found.name()).contains("mcp-servers/everything");
            assertThat(found.auth()).isEqualTo(AuthState.NONE);
            assertThat(found.tools()).extracting(McpTool::name).contains("echo", "get-sum");
            assertThat(proxy.requestLines()).contains("GET /sse").anyMatch(l -> l.startsWith("POST /message?sessionId="));
            assertOnlyDiscovery(proxy);
        }
    }

    @Test
    void serverBehindOAuthIsReportedAsRequiringCredentialsWithItsAuthorizationServer() throws Exception {
        try (McpServers.Running server = McpServers.sdkServer("oauth");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            McpServer found = discovery.discover(loopback(proxy.port()), false, McpServer.Transport.STREAMABLE_HTTP,
                    "/mcp", TIME).orElseThrow();

            assertThat(found.auth()).isEqualTo(AuthState.REQUIRED);
            assertThat(found.toolsListed()).isFalse();
            assertThat(found.tools()).isEmpty();
            assertThat(found.authorizationServers()).containsExactly("https://auth.example.test/");
            assertThat(proxy.rpcMethods()).containsExactly("initialize");
            assertThat(proxy.requestLines()).containsExactly("POST /mcp", "GET /.well-known/oauth-protected-resource/mcp");
        }
    }

    @Test
    void readOnlyServerHasNoWritingTools() throws Exception {
        try (McpServers.Running server = McpServers.sdkServer("readonly");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            McpServer found = discovery.discover(loopback(proxy.port()), false, McpServer.Transport.STREAMABLE_HTTP,
                    "/mcp", TIME).orElseThrow();

            assertThat(found.name()).contains("netsweep-test-readonly");
            assertThat(found.version()).contains("1.4.2");
            assertThat(found.tools()).extracting(McpTool::name).containsExactly("lookup", "status");
            assertThat(found.writingTools()).isEmpty();
            assertOnlyDiscovery(proxy);
        }
    }

    @Test
    void aPlainWebServerIsNotAnMcpServer() throws Exception {
        try (McpServers.Running server = McpServers.everything("sse")) {
            assertThat(discovery.discover(server.address(), false, McpServer.Transport.STREAMABLE_HTTP, "/nothing", TIME))
                    .isEmpty();
            assertThat(discovery.discover(server.address(), false, McpServer.Transport.HTTP_SSE, "/nothing", TIME))
                    .isEmpty();
        }
    }

    @Test
    void bothTransportsAreDiscoveredThroughTls(@TempDir Path dir) throws Exception {
        SSLContext tls = new TestCertificates(dir).selfSigned("mcp", "CN=mcp.test");
        try (McpServers.Running streamable = McpServers.everything("streamableHttp");
             McpServers.Running sse = McpServers.everything("sse");
             RecordingProxy overTls = new RecordingProxy(streamable.address(), tls);
             RecordingProxy sseOverTls = new RecordingProxy(sse.address(), tls)) {
            McpServer a = discovery.discover(loopback(overTls.port()), true, McpServer.Transport.STREAMABLE_HTTP,
                    "/mcp", TIME).orElseThrow();
            McpServer b = discovery.discover(loopback(sseOverTls.port()), true, McpServer.Transport.HTTP_SSE,
                    "/sse", TIME).orElseThrow();

            assertThat(a.tools()).extracting(McpTool::name).contains("echo");
            assertThat(b.tools()).extracting(McpTool::name).contains("echo");
            assertOnlyDiscovery(overTls);
            assertOnlyDiscovery(sseOverTls);
        }
    }

    static void assertOnlyDiscovery(RecordingProxy proxy) {
        assertThat(proxy.rpcMethods()).isSubsetOf(Rpc.METHODS).contains("initialize", "tools/list")
                .doesNotContain("tools/call");
        assertThat(String.join("\n", proxy.connections())).doesNotContain("tools/call").doesNotContain("\"result\"");
    }

    private static McpTool tool(McpServer server, String name) {
        return server.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

}
