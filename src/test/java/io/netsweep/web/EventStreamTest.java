package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live event stream (Server-Sent Events) over real HTTP: replay, follow, batching, resume, clients going away. */
class EventStreamTest {
    private ScriptedScanner scanner;
    private WebServer server;
    private ApiClient api;

    private void start(Duration perHost) throws Exception {
        scanner = (ScriptedScanner) WebTestSupport.scanner(perHost);
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String canonical(String jsonLine) {
        try {
            return ApiClient.JSON.readTree(jsonLine).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private static List<JsonNode> events(List<ApiClient.Frame> frames) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (ApiClient.Frame f : frames) {
            if (f.event().equals("batch")) {
                ApiClient.JSON.readTree(f.data()).forEach(all::add);
            }
        }
        return all;
    }

    @Test
    void streamReplaysWhatCameBeforeThenFollowsLiveInBatches() throws Exception {
        start(Duration.ofMillis(4));
        String id = api.start("127.0.0.1-250");
        api.awaitStatus(id, s -> s.get("counts").get("hostsUp").asLong() >= 20, Duration.ofSeconds(10));
        long connected = System.nanoTime();

        List<ApiClient.Frame> frames = api.stream(api.events(id).build(), Duration.ofSeconds(20));
        double seconds = (System.nanoTime() - connected) / 1e9;

        assertThat(frames.getLast().event()).isEqualTo("end");
        List<ApiClient.Frame> batches = frames.stream().filter(f -> f.event().equals("batch")).toList();
        List<JsonNode> events = events(frames);
        List<String> results = events.stream().filter(e -> !e.get("type").asText().equals("progress"))
                .map(JsonNode::toString).toList();

        // Replay: the first message already holds the start and the first twenty hosts.
        List<String> first = types(events(List.of(batches.getFirst())));
        assertThat(first.getFirst()).isEqualTo("started");
        assertThat(first.stream().filter("host"::equals).count()).isGreaterThanOrEqualTo(20);
        // Follow: every result exactly once, in the order of the log, ending with the terminal event.
        List<String> exported = api.get("/api/scans/" + id + "/export?format=jsonl").body().lines()
                .map(EventStreamTest::canonical).toList();
        assertThat(results).containsExactlyElementsOf(exported);
        assertThat(types(events).getLast()).isIn("finished", "progress");
        assertThat(types(events)).contains("finished");
        // 188 hosts up with four open ports, a name and a service each: far more events than messages.
        assertThat(results.size()).isGreaterThan(1000);
        assertThat(batches.size()).isLessThanOrEqualTo((int) (seconds / 0.1) + 3);
        assertThat(batches.size()).isLessThan(results.size() / 20);
        // Messages leave the server about 100 ms apart; arrival times jitter on a busy machine, so the
        // spacing is checked on average, not message by message.
        if (batches.size() > 3) {
            long span = batches.getLast().receivedNanos() - batches.get(1).receivedNanos();
            assertThat(span / (batches.size() - 2)).as("mean gap between messages")
                    .isGreaterThan(Duration.ofMillis(80).toNanos());
        }
        // Progress is coalesced: at most one per message, never one per host.
        long progress = types(events).stream().filter("progress"::equals).count();
        assertThat(progress).isLessThanOrEqualTo(batches.size()).isLessThan(250);
        // The id of each message is the client's position in the log.
        assertThat(batches.getLast().id()).isEqualTo(Integer.toString(exported.size()));
    }

    @Test
    void finishedScanReplaysInFullAndEnds() throws Exception {
        start(Duration.ofMillis(1));
        String id = api.start("127.0.0.1-30");
        api.awaitEnd(id);
        List<ApiClient.Frame> frames = api.stream(api.events(id).build(), Duration.ofSeconds(10));
        assertThat(frames).extracting(ApiClient.Frame::event).containsExactly("batch", "end");
        List<String> types = types(events(frames));
        assertThat(types.getFirst()).isEqualTo("started");
        assertThat(types).contains("host", "port", "hostname", "service", "finished");
        assertThat(types).doesNotContain("host_done");
    }

    @Test
    void lastEventIdResumesWhereTheClientLeftOff() throws Exception {
        start(Duration.ofMillis(1));
        String id = api.start("127.0.0.1-30");
        api.awaitEnd(id);
        List<String> all = api.get("/api/scans/" + id + "/export?format=jsonl").body().lines().toList();

        List<ApiClient.Frame> frames = api.stream(api.events(id).header("Last-Event-ID", "10").build(),
                Duration.ofSeconds(10));
        List<String> resumed = events(frames).stream().filter(e -> !e.get("type").asText().equals("progress"))
                .map(JsonNode::toString).toList();
        assertThat(resumed).containsExactlyElementsOf(all.subList(10, all.size()).stream()
                .map(EventStreamTest::canonical).toList());
    }

    @Test
    void vanishedClientIsDroppedWhileTheScanGoesOn() throws Exception {
        start(Duration.ofMillis(20));
        String id = api.start("127.0.0.1-250");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/scans/" + id + "/events?token=" + api.token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            awaitStreams(1);
        }
        awaitStreams(0);
        assertThat(ApiClient.json(api.get("/api/scans/" + id)).get("state").asText()).isEqualTo("running");
    }

    @Test
    void clientThatStopsReadingDoesNotHoldUpOthers() throws Exception {
        start(Duration.ofMillis(2));
        String id = api.start("127.0.0.1-250");
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            stalled.setReceiveBufferSize(1024);
            stalled.getOutputStream().write(("GET /api/scans/" + id + "/events?token=" + api.token
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            awaitStreams(1);
            // The stalled client never reads; a second client still gets the whole scan.
            List<ApiClient.Frame> frames = api.stream(api.events(id).build(), Duration.ofSeconds(20));
            assertThat(frames.getLast().event()).isEqualTo("end");
            assertThat(types(events(frames))).contains("finished");
        }
        awaitStreams(0);
    }

    private void awaitStreams(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openStreams() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openStreams()).isEqualTo(n);
    }
}
