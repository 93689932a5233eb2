package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep mcp --http}: the TypeScript SDK's Streamable HTTP client scans and reads results through it, and
 * raw requests show the web UI's rules (token, Host, Origin) and that bad input gets an error, not a dead server.
 */
class McpHttpTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @TempDir
    Path dir;
    private McpHttpServer server;

    @BeforeEach
    void start() throws IOException {
        NodeMcpClient.requireInstalled();
        server = McpHttpServer.start(dir.resolve("scans.db"), "--scope", "127.0.0.0/24");
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void clientScansInsideTheScopeAndIsRefusedOutside() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             NodeMcpClient client = NodeMcpClient.http(server.url, server.token)) {
            String call = client.startTool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"" + listener.getLocalPort()
                    + "\",\"wait\":true}", true);
            JsonNode done = NodeMcpClient.structured(client.await(call));
            assertThat(done.path("status").asText()).isEqualTo("finished");
            JsonNode results = NodeMcpClient.structured(client.tool("scan_results",
                    "{\"scan_id\":" + done.path("scan_id").asLong() + "}"));
            assertThat(results.path("hosts").path(0).path("ports").path(0).path("port").asInt())
                    .isEqualTo(listener.getLocalPort());
            String refused = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.1.1\",\"ports\":\"9\"}"));
            assertThat(refused).contains("outside the scope (127.0.0.0/24): 127.0.1.1");
            assertThat(client.clientErrors()).isEmpty();
        }
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        Answer a = post("127.0.0.1:" + server.port, null, null, INIT);
        assertThat(a.status).isEqualTo(401);
        Answer wrong = post("127.0.0.1:" + server.port, "Bearer not-the-token", null, INIT);
        assertThat(wrong.status).isEqualTo(401);
    }

    @Test
    void aForeignHostIsRefusedAsTheWebUiRefusesIt() throws Exception {
        Answer a = post("rebound.example:" + server.port, "Bearer " + server.token, null, INIT);
        assertThat(a.status).isEqualTo(421);
    }

    @Test
    void aForeignOriginIsRefusedAndTheServersOwnAccepted() throws Exception {
        Answer foreign = post("127.0.0.1:" + server.port, "Bearer " + server.token, "http://evil.example", INIT);
        assertThat(foreign.status).isEqualTo(403);
        Answer own = post("127.0.0.1:" + server.port, "Bearer " + server.token, "http://127.0.0.1:" + server.port, INIT);
        assertThat(own.status).isEqualTo(200);
        assertThat(own.json().path("result").path("serverInfo").path("name").asText()).isEqualTo("netsweep");
    }

    @Test
    void malformedBodiesGetJsonRpcErrorsAndTheServerStaysUp() throws Exception {
        String auth = "Bearer " + server.token;
        String host = "127.0.0.1:" + server.port;
        Answer notJson = post(host, auth, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
        assertThat(notJson.status).isEqualTo(400);
        assertThat(notJson.json().path("error").path("code").asInt()).isEqualTo(-32700);
        Answer noSession = post(host, auth, null, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(noSession.status).isEqualTo(400);
        Answer huge = post(host, auth, null, "{\"x\":\"" + "a".repeat(5 << 20) + "\"}");
        assertThat(huge.status).isEqualTo(413);
        Answer get = request("GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + auth
                + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n", "");
        assertThat(get.status).isEqualTo(405);
        assertThat(server.alive()).isTrue();
        Answer init = post(host, auth, null, INIT);
        assertThat(init.status).isEqualTo(200);
    }

    @Test
    void clientsThatNeverEndTheirSessionsCannotExhaustTheServer() throws Exception {
        String auth = "Bearer " + server.token;
        String host = "127.0.0.1:" + server.port;
        String first = post(host, auth, null, INIT).header("Mcp-Session-Id");
        String last = null;
        for (int i = 0; i < HttpTransport.MAX_SESSIONS; i++) {
            Answer a = post(host, auth, null, INIT);
            assertThat(a.status).isEqualTo(200);
            last = a.header("Mcp-Session-Id");
        }
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        assertThat(postInSession(host, auth, first, list).status).isEqualTo(404);
        Answer newest = postInSession(host, auth, last, list);
        assertThat(newest.status).isEqualTo(200);
        assertThat(newest.body).contains("explain_port");
    }

    private Answer postInSession(String host, String authorization, String session, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return request("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                + "\r\nMcp-Session-Id: " + session + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n", body);
    }

    private Answer post(String host, String authorization, String origin, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        return request(head, body);
    }

    private Answer request(String head, String body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException refusedEarly) {
                // A server that answered (413) before the whole body came may close; its answer is still there.
            }
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Answer(status, split < 0 ? text : text.substring(0, split),
                    split < 0 ? "" : text.substring(split + 4));
        }
    }

    private record Answer(int status, String head, String body) {
        String header(String name) {
            return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElseThrow();
        }

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }
}
