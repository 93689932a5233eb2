package io.netsweep.web;

import io.netsweep.web.http.Exchange;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live event streams currently open, so the server can end them all when it closes. Each
 * stream runs on the (virtual) thread of its own request. Thread-safe.
 */
final class SseClients {
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final Duration batchInterval;
    private final MonotonicClock clock;
    private volatile boolean closed;

    SseClients(Duration batchInterval, MonotonicClock clock) {
        this.batchInterval = batchInterval;
        this.clock = clock;
    }

    /** Streams {@code log} to the client from {@code position} until the end; blocks the calling thread. */
    void run(Exchange ex, EventLog log, int position) {
        SseStream stream = new SseStream(ex, log, position, batchInterval, clock);
        open.add(stream);
        try {
            if (closed) {
                stream.close();
            }
            stream.run();
        } finally {
            open.remove(stream);
        }
    }

    int count() {
        return open.size();
    }

    void closeAll() {
        closed = true;
        open.forEach(SseStream::close);
    }
}
