package io.netsweep.web;

import io.netsweep.output.EventJson;
import io.netsweep.scan.ScanEvent;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One scan's results, kept so that any number of stream clients can replay them from the start and
 * then follow along, and the exports can write them. Each client owns only a position into this
 * log, so a slow or vanished client costs nothing but that number.
 *
 * <p>The log holds the events themselves and encodes them ({@link EventJson}) as they are read: one
 * copy of each result, no second copy as text. It is bounded by a budget of bytes
 * ({@link EventFootprint} estimates each event from above): only results are kept ({@code started},
 * hosts, ports, names, services), and once the next one would pass the budget the scan goes on,
 * further results are counted as dropped, and one {@code truncated} marker stands in their place. The
 * terminal event is always recorded, after everything else. Progress is not logged: only the latest
 * is kept, with a version number so a client can tell whether it has seen it.
 *
 * <p>Positions: {@code 0..kept-1} are the results, then the marker (when truncated), then the
 * terminal event (once ended).
 *
 * <p>Thread-safe: one writer (the scan's listener thread) and any number of readers; encoding
 * happens outside the lock, so readers never hold up the writer for long.
 */
final class EventLog {
    /** Most events handed out in one batch, so one replay message stays a sensible size. */
    static final int MAX_BATCH = 5_000;

    private final long budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ScanEvent> results = new ArrayList<>();
    private long bytes;
    private boolean truncated;
    private long dropped;
    private ScanEvent terminal;
    private ScanEvent.Progress progress;
    private long progressVersion;

    /** @param budget bytes of results this log may hold, by {@link EventFootprint}'s estimate */
    EventLog(long budget) {
        if (budget < EventFootprint.PER_EVENT) {
            throw new IllegalArgumentException("a log must hold at least one event");
        }
        this.budget = budget;
    }

    /** Records a result; once over the budget it is only counted. Ignored after the terminal event. */
    void append(ScanEvent result) {
        long cost = EventFootprint.of(result);
        lock.lock();
        try {
            if (terminal != null) {
                return;
            }
            if (!truncated && bytes + cost <= budget) {
                results.add(result);
                bytes += cost;
            } else {
                truncated = true;
                dropped++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the latest progress. */
    void progress(ScanEvent.Progress latest) {
        lock.lock();
        try {
            if (terminal == null) {
                progress = latest;
                progressVersion++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records the terminal event; nothing is recorded after it. */
    void end(ScanEvent last) {
        lock.lock();
        try {
            if (terminal == null) {
                terminal = last;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting reader, so that readers being shut down notice at once. */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} until there is something a reader at {@code position} who has
     * seen progress version {@code progressSeen} has not seen, or the log has ended.
     *
     * @return whether there is something new (false on timeout, or when ended with nothing left)
     */
    boolean awaitNews(int position, long progressSeen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!hasNews(position, progressSeen)) {
                if (terminal != null || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** What a reader at {@code position} has not seen yet: up to {@link #MAX_BATCH} events, then the latest progress. */
    Batch read(int position, long progressSeen) {
        Slice slice;
        ScanEvent.Progress latest;
        long version;
        boolean ended;
        lock.lock();
        try {
            int size = size();
            int from = Math.min(position, size);
            int to = Math.min(size, from + MAX_BATCH);
            slice = slice(from, to);
            boolean more = to < size;
            latest = !more && progress != null && progressVersion > progressSeen ? progress : null;
            version = more ? progressSeen : progressVersion;
            ended = terminal != null && !more;
        } finally {
            lock.unlock();
        }
        return new Batch(slice.encoded(), Optional.ofNullable(latest).map(EventJson::toJson), slice.to(), version,
                slice.to() < slice.size(), ended);
    }

    /** Every event recorded so far, encoded as each is read. */
    List<String> snapshot() {
        lock.lock();
        try {
            return slice(0, size()).encoded();
        } finally {
            lock.unlock();
        }
    }

    /** The results recorded so far (no marker, no terminal event), for folding into rows. */
    List<ScanEvent> results() {
        lock.lock();
        try {
            return List.copyOf(results);
        } finally {
            lock.unlock();
        }
    }

    /** Results over the budget that were not recorded. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** What the recorded results hold of the heap, by {@link EventFootprint}'s estimate. */
    long retainedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Positions in the log: results, the marker, the terminal event. */
    int size() {
        lock.lock();
        try {
            return results.size() + (truncated ? 1 : 0) + (terminal != null ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }

    private boolean hasNews(int position, long progressSeen) {
        return position < size() || (progress != null && progressVersion > progressSeen);
    }

    /** Positions {@code from..to-1}, captured under the lock, encoded later by whoever reads them. */
    private Slice slice(int from, int to) {
        int kept = results.size();
        List<ScanEvent> events = List.copyOf(results.subList(Math.min(from, kept), Math.min(to, kept)));
        boolean marker = truncated && from <= kept && to > kept;
        int terminalAt = kept + (truncated ? 1 : 0);
        ScanEvent last = terminal != null && from <= terminalAt && to > terminalAt ? terminal : null;
        return new Slice(events, marker ? kept : -1, last, to, size());
    }

    /**
     * A captured range of the log.
     *
     * @param markerKept results kept before the truncation marker, when the marker is in the range; else -1
     */
    private record Slice(List<ScanEvent> events, int markerKept, ScanEvent terminal, int to, int size) {
        List<String> encoded() {
            int n = events.size() + (markerKept >= 0 ? 1 : 0) + (terminal != null ? 1 : 0);
            return new AbstractList<>() {
                @Override
                public String get(int i) {
                    if (i < events.size()) {
                        return EventJson.toJson(events.get(i));
                    }
                    if (i == events.size() && markerKept >= 0) {
                        return "{\"type\":\"truncated\",\"kept\":" + markerKept + "}";
                    }
                    if (i < n) {
                        return EventJson.toJson(terminal);
                    }
                    throw new IndexOutOfBoundsException(i);
                }

                @Override
                public int size() {
                    return n;
                }
            };
        }
    }

    /**
     * A slice of the log for one reader.
     *
     * @param events          encoded events, in order (encoded when read from the list)
     * @param progress        the latest progress, when the reader has not seen it and no events are held back
     * @param nextPosition    the reader's position after this batch
     * @param progressVersion the progress version the reader has seen after this batch
     * @param more            events are held back for the next batch
     * @param complete        the terminal event is in this batch or was in an earlier one: nothing will follow
     */
    record Batch(List<String> events, Optional<String> progress, int nextPosition, long progressVersion,
                 boolean more, boolean complete) {
        boolean isEmpty() {
            return events.isEmpty() && progress.isEmpty();
        }
    }
}
