package io.netsweep.web;

import io.netsweep.web.http.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of a scan's live event stream (Server-Sent Events). It owns a position in the
 * scan's {@link EventLog} and writes from the thread that calls {@link #run()}: first everything
 * logged so far, then whatever comes, gathered into at most one message per batch interval. Each
 * message is {@code event: batch}, {@code id: <position>} and one JSON array; a reconnecting
 * {@code EventSource} sends that id back as {@code Last-Event-ID} and resumes where it left off.
 *
 * <p>The client holds nothing but its position, so a slow reader only slows its own writes and a
 * vanished one fails a write (or the periodic heartbeat) and is dropped. {@link #close()} may be
 * called from any thread, any number of times.
 */
final class SseStream implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Exchange exchange;
    private final EventLog log;
    private final Duration batchInterval;
    private final MonotonicClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread writer;
    private int position;
    private long progressSeen;

    SseStream(Exchange exchange, EventLog log, int startPosition, Duration batchInterval, MonotonicClock clock) {
        this.exchange = exchange;
        this.log = log;
        this.position = Math.max(0, startPosition);
        this.batchInterval = batchInterval;
        this.clock = clock;
    }

    /** Writes until the scan's end has been sent, the client goes away or the stream is closed. */
    void run() {
        writer = Thread.currentThread();
        var h = exchange.responseHeaders();
        Http.secure(h);
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("X-Accel-Buffering", "no");
        try (OutputStream out = exchange.stream(200)) {
            write(out, "retry: 2000\n\n");
            long lastSent = clock.nanoTime() - batchInterval.toNanos();
            boolean backlog = false;
            while (!closed.get()) {
                if (!backlog && !log.awaitNews(position, progressSeen, HEARTBEAT)) {
                    if (log.read(position, progressSeen).complete()) {
                        break;
                    }
                    write(out, ": keep-alive\n\n");
                    continue;
                }
                long wait = batchInterval.toNanos() - (clock.nanoTime() - lastSent);
                if (!backlog && wait > 0) {
                    clock.sleep(Duration.ofNanos(wait)); // let the batch fill
                }
                EventLog.Batch batch = log.read(position, progressSeen);
                if (!batch.isEmpty()) {
                    // Taken before the write, so it is set by the time the client has the message.
                    lastSent = clock.nanoTime();
                    write(out, message(batch));
                }
                position = batch.nextPosition();
                progressSeen = batch.progressVersion();
                backlog = batch.more();
                if (batch.complete()) {
                    break;
                }
            }
            if (!closed.get()) {
                write(out, frame("end", null, "{}"));
            }
        } catch (IOException clientGone) {
            // A failed write drops the client; it can reconnect and resume from its last id.
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
        } finally {
            closed.set(true);
        }
    }

    /** Stops the writer; the client sees its stream end. Idempotent, from any thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Thread t = writer;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private String message(EventLog.Batch batch) {
        StringBuilder data = new StringBuilder("[");
        for (String e : batch.events()) {
            data.append(data.length() > 1 ? "," : "").append(e);
        }
        batch.progress().ifPresent(p -> data.append(data.length() > 1 ? "," : "").append(p));
        return frame("batch", Integer.toString(batch.nextPosition()), data.append(']').toString());
    }

    /**
     * One SSE frame. CR and LF are stripped from {@code event} and {@code id}, and every line of
     * {@code data} gets its own {@code data:} prefix, so no field can start a frame of its own.
     */
    static String frame(String event, String id, String data) {
        StringBuilder sb = new StringBuilder();
        sb.append("event: ").append(stripLineBreaks(event)).append('\n');
        if (id != null) {
            sb.append("id: ").append(stripLineBreaks(id)).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }

    static String stripLineBreaks(String field) {
        return field.replace("\r", "").replace("\n", "").replace("\0", "");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
