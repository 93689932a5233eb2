package io.netsweep.mcpserver;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanSession;
import io.netsweep.timing.MonotonicClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One scan this server started: its stored id, its session, and what its events said so far (the last progress, the
 * terminal event). Listens to the scan's events; tools read and wait on it from their own threads. Thread-safe.
 */
final class TrackedScan implements ScanListener {
    private final long id;
    private final String targets;
    private final long addresses;
    private final MonotonicClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ScanSession session; // guarded by lock
    private ScanEvent.Progress progress; // guarded by lock
    private long progressVersion; // guarded by lock
    private ScanEvent terminal; // guarded by lock
    private long hostsUp; // guarded by lock
    private long openPorts; // guarded by lock

    TrackedScan(long id, String targets, long addresses, MonotonicClock clock) {
        this.id = id;
        this.targets = targets;
        this.addresses = addresses;
        this.clock = clock;
    }

    long id() {
        return id;
    }

    String targets() {
        return targets;
    }

    /** Addresses in the scan's target set. */
    long addresses() {
        return addresses;
    }

    void attach(ScanSession s) {
        lock.lock();
        try {
            session = s;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onEvent(ScanEvent event) {
        lock.lock();
        try {
            switch (event) {
                case ScanEvent.Progress p -> {
                    progress = p;
                    progressVersion++;
                }
                case ScanEvent.HostUp h -> hostsUp++;
                case ScanEvent.PortObserved p -> {
                    if (p.state() == io.netsweep.portscan.PortState.OPEN) {
                        openPorts++;
                    }
                }
                case ScanEvent.Finished f -> terminal = f;
                case ScanEvent.Cancelled c -> terminal = c;
                case ScanEvent.Failed f -> terminal = f;
                case ScanEvent.Started s -> { }
                case ScanEvent.HostDown d -> { }
                case ScanEvent.HostnameResolved n -> { }
                case ScanEvent.ServiceIdentified s -> { }
                case ScanEvent.FindingRaised f -> { }
                case ScanEvent.HostCompleted c -> { }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the scan to stop; false when it had already ended. */
    boolean cancel() {
        ScanSession s;
        lock.lock();
        try {
            if (terminal != null || session == null) {
                return false;
            }
            s = session;
        } finally {
            lock.unlock();
        }
        s.cancel();
        return true;
    }

    boolean running() {
        lock.lock();
        try {
            return terminal == null;
        } finally {
            lock.unlock();
        }
    }

    /** What the scan's events said so far. */
    ScanSnapshot snapshot() {
        lock.lock();
        try {
            return new ScanSnapshot(id, targets, Optional.ofNullable(progress), Optional.ofNullable(terminal),
                    hostsUp, openPorts);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the scan ends or {@code max} has passed, handing each new progress report to {@code onProgress}
     * (on the calling thread, outside the lock) as it comes.
     */
    ScanSnapshot await(Duration max, Consumer<ScanEvent.Progress> onProgress) throws InterruptedException {
        long start = clock.nanoTime();
        long limit = max.toNanos();
        long seen = -1;
        lock.lock();
        try {
            while (terminal == null) {
                if (progress != null && progressVersion != seen) {
                    seen = progressVersion;
                    ScanEvent.Progress p = progress;
                    lock.unlock();
                    try {
                        onProgress.accept(p);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long left = limit - (clock.nanoTime() - start);
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return snapshot();
    }
}
