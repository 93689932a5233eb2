package io.netsweep.web;

import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.Scanner;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanRecorder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scans the server knows: running ones, and ended ones, dropped oldest first beyond
 * {@code maxFinished} or beyond the memory budget. Ids are small decimal numbers. Thread-safe.
 *
 * <p>Memory: all scan logs together hold at most {@code budget} bytes (by {@link EventFootprint}'s
 * estimate, which errs high). Each scan's log may hold {@code budget / (maxRunning + 1)}; a starting
 * scan reserves that much, running scans count as that much until they end, and ended scans count as
 * what they hold. Ended scans are dropped oldest first until everything fits, except the one that
 * ended last, which always fits beside {@code maxRunning} running scans.
 */
final class ScanRegistry {
    private static final System.Logger LOG = System.getLogger(ScanRegistry.class.getName());
    private final Scanner scanner;
    private final Optional<ScanArchive> archive;
    private final int maxFinished;
    private final int maxRunning;
    private final long budget;
    private final long perScan;
    private final InstantSource clock;

    // Guarded by this; insertion order is start order.
    private final Map<String, WebScan> scans = new LinkedHashMap<>();
    private WebScan lastEnded;
    private long nextId = 1;
    private boolean closed;

    /** @param budget bytes all scan logs together may hold */
    ScanRegistry(Scanner scanner, int maxFinished, int maxRunning, long budget, InstantSource clock) {
        this(scanner, maxFinished, maxRunning, budget, clock, Optional.empty());
    }

    /** @param archive where scans are stored, if they are */
    ScanRegistry(Scanner scanner, int maxFinished, int maxRunning, long budget, InstantSource clock,
                 Optional<ScanArchive> archive) {
        this.archive = archive;
        this.scanner = scanner;
        this.maxFinished = maxFinished;
        this.maxRunning = maxRunning;
        this.budget = budget;
        this.perScan = budget / (maxRunning + 1);
        this.clock = clock;
    }

    /** Bytes one scan's log may hold. */
    long perScanBudget() {
        return perScan;
    }

    /**
     * Starts a scan and lists it.
     *
     * @throws HttpProblem when too many scans run already, the server is closing, or the engine refused to start
     */
    WebScan start(ScanForm form, ScanRequest request) throws HttpProblem {
        WebScan scan;
        synchronized (this) {
            if (closed) {
                throw new HttpProblem(503, "the server is shutting down");
            }
            long running = scans.values().stream().filter(s -> !s.ended()).count();
            if (running >= maxRunning) {
                throw new HttpProblem(429, "already " + running + " scans running; cancel one first");
            }
            scan = new WebScan(Long.toString(nextId++), form, clock, perScan, this::ended);
            scans.put(scan.id(), scan);
            evict();
        }
        try {
            // Listed before it starts: the engine may report events before start() returns.
            scan.attach(scanner.start(request, stored(scan, form, request)));
        } catch (RuntimeException e) {
            synchronized (this) {
                scans.remove(scan.id());
            }
            throw new HttpProblem(500, "the scan engine could not start the scan");
        }
        return scan;
    }

    /**
     * The scan's listener, after the store's recorder when scans are stored (the scan is shown ended once the store
     * has written it, so what the page then asks of the store is there); a failure to store is logged.
     */
    private ScanListener stored(WebScan scan, ScanForm form, ScanRequest request) {
        if (archive.isEmpty()) {
            return scan;
        }
        ScanRecorder recorder = archive.get().record(request, "web", form.targets());
        scan.storedAs(recorder::scanId);
        Thread.ofVirtual().name("netsweep-store-wait").start(() -> {
            try {
                recorder.await(Duration.ofDays(365)).ifPresent(e -> LOG.log(System.Logger.Level.WARNING,
                        "scan " + scan.id() + " not stored: " + e.getMessage()));
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                // the server is going away
            }
        });
        return recorder.then(scan, ScanRecorder.END_WAIT);
    }

    synchronized Optional<WebScan> find(String id) {
        return Optional.ofNullable(scans.get(id));
    }

    /** The listed scans that the store has recorded: stored id to the id they are listed under. */
    synchronized Map<Long, String> liveIdsByStoredId() {
        Map<Long, String> ids = new java.util.HashMap<>();
        for (WebScan s : scans.values()) {
            s.storedId().ifPresent(stored -> ids.put(stored, s.id()));
        }
        return ids;
    }

    synchronized long retainedBytes() {
        return scans.values().stream().mapToLong(s -> s.log().retainedBytes()).sum();
    }

    /** Newest first. */
    synchronized List<WebScan> list() {
        List<WebScan> all = new ArrayList<>(scans.values());
        return all.reversed();
    }

    /** Refuses new scans, cancels running ones and waits up to {@code wait} for them to end. */
    void closeAll(Duration wait) {
        List<WebScan> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(scans.values());
        }
        all.forEach(WebScan::cancel);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (WebScan s : all) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !s.awaitEnd(Duration.ofNanos(left))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(s -> s.log().wakeAll());
    }

    private synchronized void ended(WebScan scan) {
        lastEnded = scan;
        evict();
    }

    /** Drops ended scans, oldest first, until their number and everyone's memory fit. Called holding the lock. */
    private void evict() {
        long finished = 0;
        long used = 0;
        for (WebScan s : scans.values()) {
            if (s.ended()) {
                finished++;
                used += s.log().retainedBytes();
            } else {
                used += perScan;
            }
        }
        Iterator<WebScan> it = scans.values().iterator();
        while ((finished > maxFinished || used > budget) && it.hasNext()) {
            WebScan s = it.next();
            if (s.ended() && s != lastEnded) {
                it.remove();
                finished--;
                used -= s.log().retainedBytes();
            }
        }
    }
}
