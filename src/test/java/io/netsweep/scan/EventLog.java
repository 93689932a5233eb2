package io.netsweep.scan;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A listener that keeps every event and lets a test wait, with a deadline, until what it expects has
 * been delivered. Thread-safe.
 */
final class EventLog implements ScanListener {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<ScanEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ScanEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<ScanEvent> all() {
        return List.copyOf(events);
    }

    synchronized <T extends ScanEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until {@code condition} holds for the events delivered so far; fails the test at the deadline. */
    synchronized List<ScanEvent> awaitUntil(String what, Predicate<List<ScanEvent>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.test(events)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not delivered within " + DEADLINE + ": " + what + "; got " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(events);
    }

    /** Waits until at least {@code n} events of {@code type} have been delivered. */
    <T extends ScanEvent> List<T> awaitCount(Class<T> type, int n) throws InterruptedException {
        awaitUntil(n + " x " + type.getSimpleName(), es -> es.stream().filter(type::isInstance).count() >= n);
        return ofType(type);
    }

    /** Events about {@code address}, in delivery order. */
    synchronized List<ScanEvent> about(InetAddress address) {
        return events.stream().filter(e -> EventOrder.host(e).filter(address::equals).isPresent()).toList();
    }
}
