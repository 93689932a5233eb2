package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netsweep.port.ServiceNames;
import io.netsweep.scan.PipelineScanner;
import io.netsweep.scan.ScanClock;
import io.netsweep.scan.ScanComponents;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.Scanner;
import io.netsweep.web.WebConfig;
import io.netsweep.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One CSV for both faces: the web UI's export of a real scan of loopback is byte for byte what
 * {@code netsweep -o csv} writes when given the same events.
 */
class CsvExportAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ServerSocket plain;
    private HttpServer ollama;
    private WebServer web;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        // Answers as Ollama does, with model names a spreadsheet or a naive CSV reader would stumble on.
        ollama = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        ollama.createContext("/", ex -> {
            String body = switch (ex.getRequestURI().getPath()) {
                case "/" -> reply(ex, 200, "text/plain; charset=utf-8", "Ollama is running");
                case "/api/version" -> reply(ex, 200, "application/json", "{\"version\":\"0.5.7\"}");
                case "/api/tags" -> reply(ex, 200, "application/json",
                        "{\"models\":[{\"name\":\"=cmd|' /C calc'!A0\"},{\"name\":\"llama3, \\\"8b\\\"\"}]}");
                default -> reply(ex, 404, "text/plain; charset=utf-8", "404 page not found");
            };
            assertThat(body).isNotNull();
        });
        ollama.start();
    }

    private static String reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return body;
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (web != null) {
                web.close();
            }
        } finally {
            ollama.stop(0);
            plain.close();
        }
    }

    @Test
    void theWebExportIsByteForByteTheCommandLinesCsv() throws Exception {
        List<ScanEvent> events = new CopyOnWriteArrayList<>();
        Scanner real = new PipelineScanner(ScanComponents.standard(), ScanClock.system(), p -> ServiceNames.tcp().nameOf(p));
        Scanner recording = (request, listener) -> real.start(request, e -> {
            events.add(e);
            listener.onEvent(e);
        });
        CliContext uiContext = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                () -> false, recording, TargetNameResolver::forServers, CtrlC.none(), "netsweep ui");
        WebConfig config = new WebConfig(InetAddress.getLoopbackAddress(), 0, WebConfig.newToken(), 5,
                Duration.ofMillis(100));
        web = new WebServer(config, recording, new FormRequests(uiContext));
        web.start();

        int ollamaPort = ollama.getAddress().getPort();
        String ports = plain.getLocalPort() + "," + ollamaPort + ",1";
        String id = startScan(config, "{\"targets\":\"127.0.0.1-3\",\"preset\":\"custom\",\"ports\":\"" + ports
                + "\",\"reverseDns\":false,\"identify\":true}");
        awaitEnd(config, id);
        byte[] exported = get(config, "/api/scans/" + id + "/export?format=csv").body();

        // The command line, given exactly the events the web scan had.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext cli = new CliContext(new PrintWriter(out), new PrintWriter(err), () -> false,
                (request, listener) -> replay(events, listener::onEvent), TargetNameResolver::forServers, CtrlC.none(),
                "netsweep -o csv 127.0.0.1-3");
        int code = Main.run(new String[] {"-o", "csv", "-n", "-p", ports, "127.0.0.1-3"}, cli);
        assertThat(code).as(err.toString()).isZero();

        assertThat(exported).isEqualTo(out.toString().getBytes(StandardCharsets.UTF_8));
        // And it holds what the scan found: every host, the open ports of one, the identified service.
        List<String> lines = new String(exported, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("ip,hostname,mac,vendor,host_state,");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("127.0.0.1,").contains("," + plain.getLocalPort() + ",tcp,open,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("127.0.0.1,").contains("," + ollamaPort + ",tcp,open,")
                .contains(",Ollama,0.5.7,").contains(",\"'=cmd|' /C calc'!A0;llama3, \"\"8b\"\"\","));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("127.0.0.2,,,,up,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("127.0.0.3,,,,up,"));
    }

    /** A scanner that plays recorded events to its listener, then is finished. */
    private static ScanSession replay(List<ScanEvent> events, java.util.function.Consumer<ScanEvent> listener) {
        events.forEach(listener);
        ScanEvent last = events.getLast();
        return new ScanSession() {
            @Override
            public void cancel() { }

            @Override
            public boolean await(Duration timeout) {
                return true;
            }

            @Override
            public Optional<ScanEvent> outcome() {
                return Optional.of(last);
            }
        };
    }

    private String startScan(WebConfig config, String form) throws Exception {
        String base = "http://127.0.0.1:" + web.port();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/scans"))
                .header("X-Netsweep-Token", config.token()).header("Origin", base)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private void awaitEnd(WebConfig config, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = JSON.readTree(new String(get(config, "/api/scans/" + id).body(), StandardCharsets.UTF_8));
            if (!status.get("state").asText().equals("running")) {
                assertThat(status.get("state").asText()).isEqualTo("finished");
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the web scan did not end in 30 s");
    }

    private HttpResponse<byte[]> get(WebConfig config, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .header("X-Netsweep-Token", config.token()).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
