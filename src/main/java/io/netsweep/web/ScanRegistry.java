package io.netsweep.web;

import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.Scanner;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scans the server knows: running ones, and up to {@code maxFinished} ended ones, dropped
 * oldest first. Ids are small decimal numbers. Thread-safe.
 */
final class ScanRegistry {
    private final Scanner scanner;
    private final int maxFinished;
    private final int maxRunning;
    private final int logCapacity;
    private final InstantSource clock;

    // Guarded by this; insertion order is start order.
    private final Map<String, WebScan> scans = new LinkedHashMap<>();
    private long nextId = 1;
    private boolean closed;

    ScanRegistry(Scanner scanner, int maxFinished, int maxRunning, int logCapacity, InstantSource clock) {
        this.scanner = scanner;
        this.maxFinished = maxFinished;
        this.maxRunning = maxRunning;
        this.logCapacity = logCapacity;
        this.clock = clock;
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
            scan = new WebScan(Long.toString(nextId++), form, clock, logCapacity, this::ended);
            scans.put(scan.id(), scan);
        }
        try {
            // Listed before it starts: the engine may report events before start() returns.
            scan.attach(scanner.start(request, scan));
        } catch (RuntimeException e) {
            synchronized (this) {
                scans.remove(scan.id());
            }
            throw new HttpProblem(500, "the scan engine could not start the scan");
        }
        return scan;
    }

    synchronized Optional<WebScan> find(String id) {
        return Optional.ofNullable(scans.get(id));
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
        long finished = scans.values().stream().filter(WebScan::ended).count();
        Iterator<WebScan> it = scans.values().iterator();
        while (finished > maxFinished && it.hasNext()) {
            if (it.next().ended()) {
                it.remove();
                finished--;
            }
        }
    }
}
