package io.netsweep.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One scan's events as encoded JSON, kept so that any number of stream clients can replay them
 * from the start and then follow along. Each client owns only a position into this log, so a slow
 * or vanished client costs nothing but that number.
 *
 * <p>Bounded: only results are kept ({@code started}, hosts, ports, names, services and the
 * terminal event), at most {@code capacity} of them; beyond that the scan goes on, further results
 * are counted as dropped and one {@code truncated} marker is recorded in their place. Progress is
 * not logged at all: only the latest is kept, with a version number so a client can tell whether
 * it has seen it. The terminal event is always recorded, even past the capacity.
 *
 * <p>Thread-safe: one writer (the scan's listener thread) and any number of readers.
 */
final class EventLog {
    /** Most events handed out in one batch, so one replay message stays a sensible size. */
    static final int MAX_BATCH = 5_000;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> entries = new ArrayList<>();
    private String progress;
    private long progressVersion;
    private long dropped;
    private boolean ended;

    EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Records a result; past the capacity it is only counted. Ignored after the terminal event. */
    void append(String json) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (entries.size() < capacity) {
                entries.add(json);
            } else {
                if (dropped == 0) {
                    entries.add("{\"type\":\"truncated\",\"limit\":" + capacity + "}");
                }
                dropped++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the latest progress. */
    void progress(String json) {
        lock.lock();
        try {
            if (!ended) {
                progress = json;
                progressVersion++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records the terminal event; nothing is recorded after it. */
    void end(String json) {
        lock.lock();
        try {
            if (!ended) {
                entries.add(json);
                ended = true;
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
                if (ended || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** What a reader at {@code position} has not seen yet: up to {@link #MAX_BATCH} results, then the latest progress. */
    Batch read(int position, long progressSeen) {
        lock.lock();
        try {
            int from = Math.min(position, entries.size());
            int to = Math.min(entries.size(), from + MAX_BATCH);
            List<String> events = new ArrayList<>(entries.subList(from, to));
            boolean more = to < entries.size();
            Optional<String> latest = !more && progress != null && progressVersion > progressSeen
                    ? Optional.of(progress) : Optional.empty();
            return new Batch(events, latest, to, more ? progressSeen : progressVersion, more, ended && !more);
        } finally {
            lock.unlock();
        }
    }

    /** Every result recorded so far. */
    List<String> snapshot() {
        lock.lock();
        try {
            return List.copyOf(entries);
        } finally {
            lock.unlock();
        }
    }

    /** Results past the capacity that were not recorded. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean hasNews(int position, long progressSeen) {
        return position < entries.size() || (progress != null && progressVersion > progressSeen);
    }

    /**
     * A slice of the log for one reader.
     *
     * @param events          results, in order
     * @param progress        the latest progress, when the reader has not seen it and no results are held back
     * @param nextPosition    the reader's position after this batch
     * @param progressVersion the progress version the reader has seen after this batch
     * @param more            results are held back for the next batch
     * @param complete        the terminal event is in this batch or was in an earlier one: nothing will follow
     */
    record Batch(List<String> events, Optional<String> progress, int nextPosition, long progressVersion,
                 boolean more, boolean complete) {
        boolean isEmpty() {
            return events.isEmpty() && progress.isEmpty();
        }
    }
}
