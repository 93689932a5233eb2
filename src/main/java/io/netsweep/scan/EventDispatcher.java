package io.netsweep.scan;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries events from the scan's many threads (discovery, connect engine, DNS and identification
 * callbacks) to the listener on one thread, in the order they were emitted. Thread-safe.
 *
 * <p>After the terminal event nothing more is delivered. A listener that throws stops delivery of
 * further results (the terminal event is still offered to it); the failure is kept and handed to
 * {@code onListenerFailure}, once, on the dispatcher's thread, so the scan can end as failed at once.
 */
final class EventDispatcher {
    private final BlockingQueue<ScanEvent> queue = new LinkedBlockingQueue<>();
    private final ScanListener listener;
    private final Consumer<RuntimeException> onListenerFailure;
    private final Thread thread;
    private final CountDownLatch delivered = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile ScanEvent terminal;
    private volatile RuntimeException listenerFailure;

    EventDispatcher(ScanListener listener, String threadName, Consumer<RuntimeException> onListenerFailure) {
        this.listener = listener;
        this.onListenerFailure = onListenerFailure;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues a non-terminal event; ignored once the terminal event is queued. */
    void emit(ScanEvent event) {
        if (!closed) {
            queue.add(event);
        }
    }

    /** Queues the terminal event; only the first call counts. Returns whether this call was the first. */
    synchronized boolean finish(ScanEvent event) {
        if (closed) {
            return false;
        }
        closed = true;
        queue.add(event);
        return true;
    }

    Optional<RuntimeException> listenerFailure() {
        return Optional.ofNullable(listenerFailure);
    }

    boolean await(Duration timeout) throws InterruptedException {
        return delivered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    Optional<ScanEvent> terminal() {
        return delivered.getCount() == 0 ? Optional.of(terminal) : Optional.empty();
    }

    private void run() {
        try {
            while (true) {
                ScanEvent event = queue.take();
                boolean last = isTerminal(event);
                deliver(event, last);
                if (last) {
                    terminal = event;
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delivered.countDown();
        }
    }

    private void deliver(ScanEvent event, boolean last) {
        if (listenerFailure != null && !last) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            if (listenerFailure == null) {
                listenerFailure = e;
                if (!last) {
                    onListenerFailure.accept(e);
                }
            }
        }
    }

    static boolean isTerminal(ScanEvent event) {
        return switch (event) {
            case ScanEvent.Finished f -> true;
            case ScanEvent.Cancelled c -> true;
            case ScanEvent.Failed f -> true;
            case ScanEvent.Started s -> false;
            case ScanEvent.HostUp h -> false;
            case ScanEvent.HostDown h -> false;
            case ScanEvent.PortObserved p -> false;
            case ScanEvent.HostnameResolved h -> false;
            case ScanEvent.ServiceIdentified s -> false;
            case ScanEvent.FindingRaised f -> false;
            case ScanEvent.HostCompleted h -> false;
            case ScanEvent.Progress p -> false;
        };
    }
}
