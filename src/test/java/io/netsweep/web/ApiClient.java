package io.netsweep.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test's view of the API over real HTTP: token, Origin and JSON handled, nothing else assumed. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String token;

    ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    HttpRequest.Builder authed(String path) {
        return request(path).header("X-Netsweep-Token", token);
    }

    HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(authed(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(authed(path).header("Origin", base).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Starts a scan of {@code targets} with the {@code full} preset; returns its id. */
    String start(String targets) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/scans",
                "{\"targets\":\"" + targets + "\",\"preset\":\"full\",\"identify\":true}");
        if (r.statusCode() != 201) {
            throw new AssertionError("start failed: " + r.statusCode() + " " + r.body());
        }
        return json(r).get("id").asText();
    }

    /** Polls the scan's status until {@code done} holds. */
    JsonNode awaitStatus(String id, Predicate<JsonNode> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json(get("/api/scans/" + id));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("scan " + id + " did not get there in " + timeout + "; last status " + last);
    }

    JsonNode awaitEnd(String id) throws Exception {
        return awaitStatus(id, s -> List.of("finished", "cancelled", "failed").contains(s.get("state").asText()),
                Duration.ofSeconds(20));
    }

    /** One Server-Sent Events frame as received. */
    record Frame(String event, String id, String data, long receivedNanos) {}

    /** Reads the scan's event stream to its end (or {@code timeout}), frame by frame. */
    List<Frame> stream(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("stream refused: " + r.statusCode());
        }
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Stream<String> lines = r.body()) {
            String event = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (var it = lines.iterator(); it.hasNext() && System.nanoTime() < deadline; ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (event != null) {
                        frames.add(new Frame(event, id, data.toString(), System.nanoTime()));
                        if (event.equals("end")) {
                            break;
                        }
                    }
                    event = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                }
            }
        }
        return frames;
    }

    /**
     * Opens the event stream and reads it on a virtual thread, frame by frame, into a queue the test
     * takes from as frames arrive. Close it to stop reading.
     */
    FrameQueue open(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("stream refused: " + r.statusCode());
        }
        FrameQueue queue = new FrameQueue(r.body());
        Thread.ofVirtual().start(queue::readAll);
        return queue;
    }

    /** Frames of one live stream, in order of arrival. */
    static final class FrameQueue implements AutoCloseable {
        private final Stream<String> lines;
        private final java.util.concurrent.BlockingQueue<Frame> frames = new java.util.concurrent.LinkedBlockingQueue<>();

        FrameQueue(Stream<String> lines) {
            this.lines = lines;
        }

        private void readAll() {
            String event = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            try {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (event != null) {
                            frames.add(new Frame(event, id, data.toString(), System.nanoTime()));
                        }
                        event = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                    }
                }
            } catch (RuntimeException closed) {
                // the stream was closed under the reader
            }
        }

        /** The next frame, waiting up to {@code timeout}; fails the test when none comes. */
        Frame next(Duration timeout) throws InterruptedException {
            Frame f = frames.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + timeout);
            }
            return f;
        }

        /** A frame that has already arrived, if any; never waits. */
        java.util.Optional<Frame> arrived() {
            return java.util.Optional.ofNullable(frames.poll());
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    HttpRequest.Builder events(String id) {
        return request("/api/scans/" + id + "/events?token=" + token);
    }
}
