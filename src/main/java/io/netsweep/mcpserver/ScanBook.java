package io.netsweep.mcpserver;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.Scanner;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanRecorder;
import io.netsweep.store.StoreException;
import io.netsweep.timing.MonotonicClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scans this server starts: each checked against the scope and the limits before anything is sent, stored as it
 * runs (its stored id is the scan's id for every tool), and tracked until it ends. Thread-safe.
 */
final class ScanBook {
    /** How long a new scan's row may take to be written before the scan is given up (a locked or broken store). */
    static final Duration STORE_START = Duration.ofSeconds(30);
    /** How long closing waits for running scans to end after cancelling them. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Scanner scanner;
    private final ScanArchive archive;
    private final Scope scope;
    private final ServerLimits limits;
    private final ScanPlanner planner;
    private final MonotonicClock clock;
    private final Map<Long, TrackedScan> scans = new ConcurrentHashMap<>();
    private final Object starting = new Object();
    private final List<ScanSession> sessions = new ArrayList<>(); // guarded by starting

    ScanBook(Scanner scanner, ScanArchive archive, Scope scope, ServerLimits limits, ScanPlanner planner,
             MonotonicClock clock) {
        this.scanner = scanner;
        this.archive = archive;
        this.scope = scope;
        this.limits = limits;
        this.planner = planner;
        this.clock = clock;
    }

    Scope scope() {
        return scope;
    }

    ServerLimits limits() {
        return limits;
    }

    /**
     * Plans, checks and starts a scan; returns once the store has given it its id.
     *
     * @throws ScanRefusedException when the arguments are bad, an address is outside the scope, the scan is too
     *                              large or enough scans are running: before any packet is sent
     */
    TrackedScan start(ScanArguments arguments) throws ScanRefusedException, InterruptedException {
        ScanRequest request = planner.plan(arguments, limits);
        switch (scope.check(request.targets(), limits.maxAddresses())) {
            case ScopeCheck.Inside inside -> { }
            case ScopeCheck.Outside outside -> throw new ScanRefusedException(outside.message(scope));
            case ScopeCheck.TooMany tooMany -> throw new ScanRefusedException(tooMany.message());
        }
        ScanRecorder recorder;
        ScanSession session;
        Relay relay = new Relay();
        synchronized (starting) {
            long running = scans.values().stream().filter(TrackedScan::running).count();
            if (running >= limits.maxScans()) {
                throw new ScanRefusedException("refused: " + running + " scans are running, the most this server runs "
                        + "at once (--max-scans); wait for one to end or cancel one");
            }
            recorder = archive.record(request, "mcp", arguments.targetsText());
            relay.first = recorder.then(relay::forward, ScanRecorder.END_WAIT);
            session = scanner.start(request, relay);
            sessions.removeIf(s -> s.outcome().isPresent());
            sessions.add(session);
        }
        OptionalLong id = recorder.awaitScanId(STORE_START);
        if (id.isEmpty()) {
            session.cancel();
            throw new ScanRefusedException("the scan could not be stored, so it was stopped: " + storeProblem(recorder));
        }
        TrackedScan tracked = new TrackedScan(id.getAsLong(), arguments.targetsText(), request.targets().size(), clock);
        tracked.attach(session);
        relay.attach(tracked);
        scans.put(tracked.id(), tracked);
        return tracked;
    }

    private static String storeProblem(ScanRecorder recorder) throws InterruptedException {
        try {
            return recorder.await(Duration.ZERO).map(StoreException::getMessage).orElse("the store did not answer");
        } catch (java.util.concurrent.TimeoutException e) {
            return "the store did not answer in " + STORE_START.toSeconds() + " s";
        }
    }

    /** A scan this server started, by its id. */
    Optional<TrackedScan> get(long id) {
        return Optional.ofNullable(scans.get(id));
    }

    /** Cancels every running scan and waits briefly for them to end. */
    void closeAll() throws InterruptedException {
        List<ScanSession> all;
        synchronized (starting) {
            all = List.copyOf(sessions);
        }
        all.forEach(ScanSession::cancel);
        for (ScanSession s : all) {
            s.await(CLOSE_WAIT);
        }
    }

    /**
     * Hands the scan's events to its recorder at once and to its tracker once the id is known, replaying what came
     * before: the tracker exists only after the store has numbered the scan. The tracker learns that the scan ended
     * only once the store has written it, so a tool told "finished" finds the whole scan stored. Events arrive on
     * the scan's one dispatcher thread.
     */
    private static final class Relay implements io.netsweep.scan.ScanListener {
        /** The recorder, which hands each event on to {@link #forward}. */
        private volatile io.netsweep.scan.ScanListener first;
        private final List<ScanEvent> early = new ArrayList<>(); // guarded by this
        private TrackedScan tracked; // guarded by this

        @Override
        public void onEvent(ScanEvent event) {
            first.onEvent(event);
        }

        private void forward(ScanEvent event) {
            TrackedScan t;
            synchronized (this) {
                t = tracked;
                if (t == null) {
                    if (!(event instanceof ScanEvent.Progress)) {
                        early.add(event);
                    }
                    return;
                }
            }
            t.onEvent(event);
        }

        synchronized void attach(TrackedScan t) {
            early.forEach(t::onEvent);
            early.clear();
            tracked = t;
        }
    }
}
