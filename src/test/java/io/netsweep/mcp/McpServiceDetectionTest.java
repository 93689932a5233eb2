package io.netsweep.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.AuthState;
import io.netsweep.service.DetectOptions;
import io.netsweep.service.ServiceDetector;
import io.netsweep.service.ServiceReport;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import io.netsweep.service.TestCertificates;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service detection ({@code -sV}) of real MCP servers: GET evidence first, then MCP's discovery, reported with
 * the server's tools; the server sees GETs and the discovery's methods only, never {@code tools/call}.
 */
class McpServiceDetectionTest {

    private static ServiceReport detect(int port) throws Exception {
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            return detector.detect(InetAddress.getLoopbackAddress(), port).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS).orElseThrow();
        }
    }

    @Test
    void streamableHttpServerIsNamedWithItsTools() throws Exception {
        try (McpServers.Running server = McpServers.everything("streamableHttp");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            ServiceReport r = detect(proxy.port());

            assertThat(r.product()).contains("MCP server");
            assertThat(r.version()).isEmpty();
            assertThat(r.extraInfo()).contains("mcp-servers/everything 2.0.0; Streamable HTTP; protocol 2025-06-18");
            assertThat(r.ai().orElseThrow().auth()).isEqualTo(AuthState.NONE);
            McpServer mcp = r.mcp().orElseThrow();
            assertThat(mcp.tools()).extracting(McpTool::name).contains("echo", "get-sum");
            McpDiscoveryTest.assertOnlyDiscovery(proxy);
            assertThat(proxy.requestLines()).allMatch(l -> l.startsWith("GET ") || l.equals("POST /mcp")
                    || l.equals("DELETE /mcp"));
        }
    }

    @Test
    void legacySseServerIsFoundByGettingItsStream() throws Exception {
        try (McpServers.Running server = McpServers.everything("sse");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            ServiceReport r = detect(proxy.port());

            assertThat(r.extraInfo()).hasValueSatisfying(i -> assertThat(i).contains("HTTP+SSE"));
            assertThat(r.mcp().orElseThrow().transport()).isEqualTo(McpServer.Transport.HTTP_SSE);
            assertThat(r.mcp().get().tools()).isNotEmpty();
            McpDiscoveryTest.assertOnlyDiscovery(proxy);
            assertThat(proxy.requestLines()).allMatch(l -> l.startsWith("GET ") || l.startsWith("POST /message?"));
        }
    }

    @Test
    void serverBehindTlsIsNamedInsideTheTunnel(@TempDir Path dir) throws Exception {
        SSLContext tls = new TestCertificates(dir).selfSigned("mcp", "CN=mcp.test");
        try (McpServers.Running server = McpServers.everything("streamableHttp");
             RecordingProxy proxy = new RecordingProxy(server.address(), tls)) {
            ServiceReport r = detect(proxy.port());

            assertThat(r.tunnel()).contains("ssl");
            assertThat(r.product()).contains("MCP server");
            assertThat(r.mcp().orElseThrow().tools()).extracting(McpTool::name).contains("echo");
            McpDiscoveryTest.assertOnlyDiscovery(proxy);
        }
    }

    @Test
    void serverBehindOAuthIsNamedAndRequiresCredentials() throws Exception {
        try (McpServers.Running server = McpServers.sdkServer("oauth");
             RecordingProxy proxy = new RecordingProxy(server.address())) {
            ServiceReport r = detect(proxy.port());

            assertThat(r.product()).contains("MCP server");
            assertThat(r.ai().orElseThrow().auth()).isEqualTo(AuthState.REQUIRED);
            assertThat(r.mcp().orElseThrow().authorizationServers()).containsExactly("https://auth.example.test/");
            assertThat(proxy.rpcMethods()).containsExactly("initialize");
        }
    }
}
