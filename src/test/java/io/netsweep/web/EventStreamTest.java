package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.output.EventJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live event stream (Server-Sent Events) over real HTTP: replay, follow, batching, resume, clients
 * going away. Batching runs on a clock the test steps, so what goes into which message does not
 * depend on how busy the machine is.
 */
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration INTERVAL = WebConfig.DEFAULT_BATCH_INTERVAL;

    private WebServer server;
    private ApiClient api;

    private void start(io.netsweep.scan.Scanner scanner, MonotonicClock clock) throws Exception {
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, scanner, WebTestSupport.requests(), WebServer.RESULTS_BUDGET,
                InstantSource.system(), clock);
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    private ScriptedScanner startScripted(Duration perHost) throws Exception {
        ScriptedScanner scanner = (ScriptedScanner) WebTestSupport.scanner(perHost);
        start(scanner, MonotonicClock.SYSTEM);
        return scanner;
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

    private static List<String> canonical(ApiClient.Frame batch) throws Exception {
        List<String> out = new ArrayList<>();
        ApiClient.JSON.readTree(batch.data()).forEach(n -> out.add(n.toString()));
        return out;
    }

    private static String json(io.netsweep.scan.ScanEvent e) {
        return canonical(EventJson.toJson(e));
    }

    @Test
    void streamReplaysWhatCameBeforeThenFollowsLive() throws Exception {
        startScripted(Duration.ofMillis(4));
        String id = api.start("127.0.0.1-250");
        api.awaitStatus(id, s -> s.get("counts").get("hostsUp").asLong() >= 20, WAIT);

        List<ApiClient.Frame> frames = api.stream(api.events(id).build(), Duration.ofSeconds(60));

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
        assertThat(types(events)).contains("finished");
        // 188 hosts up with four open ports, a name and a service each.
        assertThat(results.size()).isGreaterThan(1000);
        // Progress is coalesced: at most one per message, always after its results.
        for (ApiClient.Frame b : batches) {
            List<String> types = types(events(List.of(b)));
            assertThat(types.stream().filter("progress"::equals).count()).isLessThanOrEqualTo(1);
            assertThat(types.indexOf("progress")).isIn(-1, types.size() - 1);
        }
        // The id of each message is the client's position in the log.
        int position = 0;
        for (ApiClient.Frame b : batches) {
            position += (int) types(events(List.of(b))).stream().filter(t -> !t.equals("progress")).count();
            assertThat(b.id()).isEqualTo(Integer.toString(position));
        }
        assertThat(position).isEqualTo(exported.size());
    }

    @Test
    void eventsWithinOneBatchIntervalGoOutInOneMessage() throws Exception {
        ManualClock clock = new ManualClock();
        ManualScanner scanner = new ManualScanner();
        start(scanner, clock);
        String id = api.start("127.0.0.1-100");
        ManualScanner.Session scan = scanner.session(0).emit(Events.started(100));

        try (ApiClient.FrameQueue stream = api.open(api.events(id).build())) {
            // What was logged before the client came is sent at once.
            ApiClient.Frame replay = stream.next(WAIT);
            assertThat(canonical(replay)).containsExactly(json(Events.started(100)));
            assertThat(replay.id()).isEqualTo("1");

            // The first result after a message wakes the writer, which waits out the interval...
            scan.emit(Events.host(1));
            assertThat(clock.awaitSleepers(1, WAIT)).isTrue();
            // ...while everything else that comes in that interval joins the same message.
            for (int n = 2; n <= 100; n++) {
                scan.emit(Events.host(n));
            }
            for (int done = 1; done <= 30; done++) {
                scan.emit(Events.progress(done, 100));
            }
            clock.advance(INTERVAL.dividedBy(2));
            assertThat(stream.arrived()).isEmpty();
            clock.advance(INTERVAL.dividedBy(2));

            ApiClient.Frame batch = stream.next(WAIT);
            List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(n -> json(Events.host(n))).toList());
            expected.add(json(Events.progress(30, 100))); // progress coalesced to the latest, after the results
            assertThat(canonical(batch)).containsExactlyElementsOf(expected);
            assertThat(batch.id()).isEqualTo("101");

            // The end waits out its interval too, then the stream closes.
            scan.emit(Events.finished(100, 0));
            assertThat(clock.awaitSleepers(1, WAIT)).isTrue();
            assertThat(stream.arrived()).isEmpty();
            clock.advance(INTERVAL);
            ApiClient.Frame last = stream.next(WAIT);
            assertThat(canonical(last)).containsExactly(json(Events.finished(100, 0)));
            assertThat(last.id()).isEqualTo("102");
            assertThat(stream.next(WAIT).event()).isEqualTo("end");
        }
    }

    @Test
    void resultsThatCameLongAfterTheLastMessageGoOutAtOnce() throws Exception {
        ManualClock clock = new ManualClock();
        ManualScanner scanner = new ManualScanner();
        start(scanner, clock);
        String id = api.start("127.0.0.1-3");
        ManualScanner.Session scan = scanner.session(0).emit(Events.started(3));
        try (ApiClient.FrameQueue stream = api.open(api.events(id).build())) {
            stream.next(WAIT);
            clock.advance(INTERVAL.multipliedBy(5)); // a quiet spell longer than the interval
            scan.emit(Events.host(1));
            assertThat(canonical(stream.next(WAIT))).containsExactly(json(Events.host(1)));
            assertThat(clock.sleepers()).isZero();
        }
    }

    @Test
    void finishedScanReplaysInFullAndEnds() throws Exception {
        startScripted(Duration.ofMillis(1));
        String id = api.start("127.0.0.1-30");
        api.awaitEnd(id);
        List<ApiClient.Frame> frames = api.stream(api.events(id).build(), WAIT);
        assertThat(frames).extracting(ApiClient.Frame::event).containsExactly("batch", "end");
        List<String> types = types(events(frames));
        assertThat(types.getFirst()).isEqualTo("started");
        assertThat(types).contains("host", "port", "hostname", "service", "finished");
        assertThat(types).doesNotContain("host_done");
    }

    @Test
    void lastEventIdResumesWhereTheClientLeftOff() throws Exception {
        startScripted(Duration.ofMillis(1));
        String id = api.start("127.0.0.1-30");
        api.awaitEnd(id);
        List<String> all = api.get("/api/scans/" + id + "/export?format=jsonl").body().lines().toList();

        List<ApiClient.Frame> frames = api.stream(api.events(id).header("Last-Event-ID", "10").build(), WAIT);
        List<String> resumed = events(frames).stream().filter(e -> !e.get("type").asText().equals("progress"))
                .map(JsonNode::toString).toList();
        assertThat(resumed).containsExactlyElementsOf(all.subList(10, all.size()).stream()
                .map(EventStreamTest::canonical).toList());
    }

    @Test
    void vanishedClientIsDroppedWhileTheScanGoesOn() throws Exception {
        ManualScanner scanner = new ManualScanner();
        start(scanner, MonotonicClock.SYSTEM);
        String id = api.start("127.0.0.1-250");
        ManualScanner.Session scan = scanner.session(0).emit(Events.started(250));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/scans/" + id + "/events?token=" + api.token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            awaitStreams(1, () -> { });
        }
        // The writer learns that its client is gone when a write fails: keep giving it something to write.
        int[] n = {0};
        awaitStreams(0, () -> scan.emit(Events.host(++n[0])));
        assertThat(ApiClient.json(api.get("/api/scans/" + id)).get("state").asText()).isEqualTo("running");
    }

    @Test
    void clientThatStopsReadingDoesNotHoldUpOthers() throws Exception {
        startScripted(Duration.ofMillis(2));
        String id = api.start("127.0.0.1-250");
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            stalled.setReceiveBufferSize(1024);
            stalled.getOutputStream().write(("GET /api/scans/" + id + "/events?token=" + api.token
                    + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            awaitStreams(1, () -> { });
            // The stalled client never reads; a second client still gets the whole scan.
            List<ApiClient.Frame> frames = api.stream(api.events(id).build(), Duration.ofSeconds(60));
            assertThat(frames.getLast().event()).isEqualTo("end");
            assertThat(types(events(frames))).contains("finished");
        }
        awaitStreams(0, () -> { });
    }

    /** Polls (doing {@code meanwhile} each round) until {@code n} streams are open, for up to ten seconds. */
    private void awaitStreams(int n, Runnable meanwhile) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.openStreams() != n && System.nanoTime() < deadline) {
            meanwhile.run();
            Thread.sleep(10);
        }
        assertThat(server.openStreams()).isEqualTo(n);
    }
}
