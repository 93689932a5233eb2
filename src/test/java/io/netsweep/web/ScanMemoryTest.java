package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.Scanner;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the server keeps of its scans: bounded by a budget of bytes, and nothing of an engine once a scan ended. */
class ScanMemoryTest {
    private WebServer server;
    private ApiClient api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Scanner scanner, int maxFinished, long budget) throws Exception {
        WebConfig config = WebTestSupport.config(maxFinished);
        server = new WebServer(config, scanner, WebTestSupport.requests(), budget, InstantSource.system(),
                MonotonicClock.SYSTEM);
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    /** An engine's session holding what a real one holds for its scan: sockets, tables, buffers. */
    private static final class HeavySession implements ScanSession {
        final byte[] engineState = new byte[16 << 20];

        @Override
        public void cancel() {
        }

        @Override
        public boolean await(Duration timeout) {
            return true;
        }

        @Override
        public Optional<ScanEvent> outcome() {
            return Optional.empty();
        }
    }

    @Test
    void endedScanLetsGoOfItsEngine() throws Exception {
        AtomicReference<WeakReference<HeavySession>> engine = new AtomicReference<>();
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, (request, listener) -> {
            HeavySession session = new HeavySession();
            engine.set(new WeakReference<>(session));
            Thread.ofVirtual().start(() -> {
                listener.onEvent(Events.started(1));
                listener.onEvent(Events.host(1));
                listener.onEvent(Events.finished(1, 0));
            });
            return session;
        }, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
        String id = api.start("127.0.0.1");
        api.awaitEnd(id);

        // The scan stays listed with its results, but nothing keeps the engine's state alive.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.get().get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(engine.get().get()).isNull();
        assertThat(ApiClient.json(api.get("/api/scans/" + id)).get("counts").get("hostsUp").asLong()).isEqualTo(1);
    }

    @Test
    void aScanKeepsResultsUpToItsShareAndCountsTheRest() throws Exception {
        ScriptedScanner scanner = (ScriptedScanner) WebTestSupport.scanner(Duration.ZERO);
        long budget = 200_000; // 40,000 bytes a scan: far fewer than 200 hosts' results
        start(scanner, 20, budget);
        String id = api.start("127.0.0.1-200");
        JsonNode status = api.awaitEnd(id);
        assertThat(status.get("state").asText()).isEqualTo("finished");
        assertThat(status.get("droppedEvents").asLong()).isPositive();
        // Counts are of everything found, not only of what was kept.
        assertThat(status.get("counts").get("hostsUp").asLong()).isEqualTo(150);
        assertThat(server.retainedBytes()).isBetween(budget / 5 - 1000, budget / 5);

        List<String> lines = api.get("/api/scans/" + id + "/export?format=jsonl").body().lines().toList();
        assertThat(lines.get(lines.size() - 2)).startsWith("{\"type\":\"truncated\",\"kept\":" + (lines.size() - 2) + "}");
        assertThat(lines.getLast()).contains("\"type\":\"finished\"");
    }

    @Test
    void endedScansAreDroppedOldestFirstToStayWithinTheBudget() throws Exception {
        ScriptedScanner scanner = (ScriptedScanner) WebTestSupport.scanner(Duration.ZERO);
        long budget = 200_000;
        start(scanner, 20, budget);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = api.start("127.0.0.1-200"); // each fills its share of the budget
            ids.add(id);
            api.awaitEnd(id);
            assertThat(server.retainedBytes()).isLessThanOrEqualTo(budget);
        }
        List<String> listed = new ArrayList<>();
        ApiClient.json(api.get("/api/scans")).get("scans").forEach(s -> listed.add(s.get("id").asText()));
        // Far fewer than maxFinished (20) remain: the newest ones, newest first.
        assertThat(listed).hasSizeBetween(4, 5);
        assertThat(listed).containsExactlyElementsOf(ids.reversed().subList(0, listed.size()));
        assertThat(api.get("/api/scans/" + ids.getFirst()).statusCode()).isEqualTo(404);
    }

    @Test
    void aStartingScanMakesRoomForItsWholeShare() throws Exception {
        ManualScanner scanner = new ManualScanner();
        long budget = 200_000;
        start(scanner, 20, budget);
        for (int i = 0; i < 5; i++) {
            api.start("127.0.0.1");
            ManualScanner.Session s = scanner.session(i).emit(Events.started(1));
            // Fill the scan's share, then end it.
            for (int n = 0; server.retainedBytes() < (i + 1L) * budget / 5 - 1000 && n < 10_000; n++) {
                s.emit(Events.port(n, 80));
            }
            s.emit(Events.finished(1, 0));
        }
        assertThat(server.retainedBytes()).isLessThanOrEqualTo(budget);
        // Four running scans reserve four shares: only the scan that ended last may stay beside them.
        for (int i = 5; i < 9; i++) {
            api.start("127.0.0.1");
        }
        assertThat(ApiClient.json(api.get("/api/scans")).get("scans")).hasSize(5);
        assertThat(ApiClient.json(api.get("/api/scans/5")).get("state").asText()).isEqualTo("finished");
        assertThat(api.get("/api/scans/4").statusCode()).isEqualTo(404);
    }
}
