package io.netsweep.web;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.ScanSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One scan started from the page: its form, its session while it runs, its replayable
 * {@link EventLog} and its counts. It is the scan's listener, so the engine calls {@link #onEvent}
 * from one thread; request threads read its status and results. Once it has ended it lets go of
 * the session, and with it of everything the engine held for the scan: a finished scan costs only
 * its log. Thread-safe.
 */
final class WebScan implements ScanListener {
    private final String id;
    private final ScanForm form;
    private final Instant createdAt;
    private final InstantSource clock;
    private final EventLog log;
    private final Consumer<WebScan> onEnd;
    private volatile Supplier<OptionalLong> storedId = OptionalLong::empty;

    // Guarded by this.
    private long hostsUp;
    private long openPorts;
    private ScanState state = ScanState.RUNNING;
    private ScanSession session;
    private boolean cancelAsked;
    private ScanEvent.Progress progress;
    private final List<ScanEvent.HostCompleted> completed = new ArrayList<>();
    private ScanEvent terminal;
    private ScanSummary summary;
    private String failure;
    private Instant endedAt;

    /** @param logBudget bytes of results the scan's log may hold (see {@link EventLog}) */
    WebScan(String id, ScanForm form, InstantSource clock, long logBudget, Consumer<WebScan> onEnd) {
        this.id = Objects.requireNonNull(id, "id");
        this.form = Objects.requireNonNull(form, "form");
        this.clock = clock;
        this.createdAt = clock.instant();
        this.log = new EventLog(logBudget);
        this.onEnd = onEnd;
    }

    String id() {
        return id;
    }

    ScanForm form() {
        return form;
    }

    EventLog log() {
        return log;
    }

    /** Tells where the store keeps this scan, once it has recorded it. */
    void storedAs(Supplier<OptionalLong> id) {
        storedId = id;
    }

    /** The stored scan's id, once the store has recorded it; empty when scans are not stored. */
    OptionalLong storedId() {
        return storedId.get();
    }

    @Override
    public void onEvent(ScanEvent event) {
        switch (event) {
            case ScanEvent.Started _ -> record(event, () -> { });
            case ScanEvent.HostUp _ -> record(event, () -> hostsUp++);
            case ScanEvent.PortObserved p -> record(event, () -> openPorts += p.state() == PortState.OPEN ? 1 : 0);
            case ScanEvent.HostnameResolved _ -> record(event, () -> { });
            case ScanEvent.ServiceIdentified _ -> record(event, () -> { });
            case ScanEvent.FindingRaised _ -> record(event, () -> { });
            // Not results: down hosts are not shown, and the page needs no per-host end marker; the
            // CSV export needs the order hosts completed in, kept beside the log.
            case ScanEvent.HostDown _ -> { }
            case ScanEvent.HostCompleted c -> completed(c);
            case ScanEvent.Progress p -> {
                synchronized (this) {
                    progress = p;
                }
                log.progress(p);
            }
            case ScanEvent.Finished f -> end(ScanState.FINISHED, f.summary(), null, event);
            case ScanEvent.Cancelled c -> end(ScanState.CANCELLED, c.summary(), null, event);
            case ScanEvent.Failed f -> end(ScanState.FAILED, f.summary(), f.message(), event);
        }
    }

    private void record(ScanEvent event, Runnable count) {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            count.run();
        }
        log.append(event);
    }

    /**
     * Keeps a completion while the log keeps every result: one reference per host already in the log.
     * Past the log's budget the hosts it still has are written as unfinished, at the end of the CSV.
     */
    private void completed(ScanEvent.HostCompleted c) {
        synchronized (this) {
            if (!state.ended() && log.dropped() == 0) {
                completed.add(c);
            }
        }
    }

    private void end(ScanState how, ScanSummary totals, String message, ScanEvent event) {
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            state = how;
            terminal = event;
            summary = totals;
            failure = message;
            endedAt = clock.instant();
            session = null;
        }
        log.end(event);
        onEnd.accept(this);
    }

    /** Hands over the running session; a cancel asked for before it came is passed on now. */
    void attach(ScanSession s) {
        boolean cancelNow;
        synchronized (this) {
            if (state.ended()) {
                return; // it ended before start() returned: nothing to hold on to
            }
            session = s;
            cancelNow = cancelAsked;
        }
        if (cancelNow) {
            s.cancel();
        }
    }

    /** Asks the scan to stop; it stays listed with every result found so far. Idempotent. */
    void cancel() {
        ScanSession s;
        synchronized (this) {
            if (state.ended()) {
                return;
            }
            cancelAsked = true;
            state = ScanState.CANCELLING;
            s = session;
        }
        if (s != null) {
            s.cancel();
        }
    }

    /** Waits for the scan's terminal event; false if it did not come in time. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        ScanSession s;
        synchronized (this) {
            if (state.ended()) {
                return true;
            }
            s = session;
        }
        return s == null || s.await(timeout);
    }

    synchronized boolean ended() {
        return state.ended();
    }

    /**
     * What the CSV export plays to the command line's CSV writer: the logged results, then the
     * completions in the order they came, then the terminal event once there is one. A host's results
     * all come before its completion, so its rows are those the writer made when it saw the live
     * sequence, in the same order.
     */
    List<ScanEvent> csvEvents() {
        List<ScanEvent> events;
        List<ScanEvent.HostCompleted> done;
        ScanEvent last;
        synchronized (this) {
            done = List.copyOf(completed);
            last = terminal;
        }
        events = new ArrayList<>(log.results());
        events.addAll(done);
        if (last != null) {
            events.add(last);
        }
        return events;
    }

    synchronized Status status() {
        return new Status(id, form.targets(), state, createdAt, Optional.ofNullable(endedAt), hostsUp,
                openPorts, Optional.ofNullable(progress), Optional.ofNullable(summary),
                Optional.ofNullable(failure), log.dropped(), storedId.get());
    }

    /** What the API reports about a scan at one moment. Immutable. */
    record Status(String id, String targets, ScanState state, Instant createdAt, Optional<Instant> endedAt,
                  long hostsUp, long openPorts, Optional<ScanEvent.Progress> progress,
                  Optional<ScanSummary> summary, Optional<String> failure, long droppedEvents,
                  OptionalLong storedId) {}
}
