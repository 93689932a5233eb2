package io.netsweep.cli;

import io.netsweep.output.ProgressBar;
import io.netsweep.output.VerboseLog;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.ScanSummary;
import io.netsweep.store.Baseline;
import io.netsweep.store.Change;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanDiff;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanRecorder;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoredScan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * Runs a watch: round after round, each a scan stored as any other (source {@code watch}), compared with what
 * the plan says, reported, and handed to the hooks' {@link AlertQueue}s when it changed something; between rounds
 * it waits on its {@link WatchTimer} until the next round's start. Ctrl-C cancels the scan under way (stored
 * as cancelled) or ends the wait at once, and abandons alerts still being delivered: exit code 130. With
 * {@code --count} it ends after that many rounds, once the alerts offered are delivered.
 *
 * <p>Used once, from the main thread; Ctrl-C reaches it through {@link #stop()} from the signal's thread.
 */
final class WatchRun {
    private final CliContext context;
    private final WatchTimer timer;
    private final WatchPlan plan;
    private final ScanRequest request;
    private final ScanStore store;
    private final List<AlertHook> hooks;
    private final String targets;
    private final int verbosity;
    private final boolean progress;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AlertQueue> queues = new ArrayList<>(); // filled before stop() can run
    private ScanSession scanning; // guarded by this
    /** The last stored round that finished: what the next is compared with, without a baseline. */
    private StoredScan previous;
    private StoredScan baseline;
    private List<Change> departures = List.of();
    private boolean firstFinished = true;

    WatchRun(CliContext context, WatchTimer timer, WatchPlan plan, ScanRequest request, ScanStore store,
             List<AlertHook> hooks, String targets, int verbosity, boolean progress) {
        this.context = Objects.requireNonNull(context, "context");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.request = Objects.requireNonNull(request, "request");
        this.store = Objects.requireNonNull(store, "store");
        this.hooks = List.copyOf(hooks);
        this.targets = Objects.requireNonNull(targets, "targets");
        this.verbosity = verbosity;
        this.progress = progress;
    }

    /** Runs every round; returns the exit code. */
    int run() {
        if (!context.ctrlC().beginOutputs()) {
            return ExitCodes.CANCELLED;
        }
        for (AlertHook h : hooks) {
            queues.add(new AlertQueue(h, context.diagnostics()));
        }
        context.ctrlC().attach(this::stop);
        ScanArchive archive = new ScanArchive(() -> store, InstantSource.system());
        int code = ExitCodes.OK;
        try {
            for (long round = 1; ; round++) {
                long start = timer.nanoTime();
                Optional<Integer> ended = round(round, archive);
                if (ended.isPresent()) {
                    if (ended.get() == ExitCodes.CANCELLED) {
                        return ExitCodes.CANCELLED;
                    }
                    code = Math.max(code, ended.get());
                }
                if (plan.count().isPresent() && round >= plan.count().getAsLong()) {
                    break;
                }
                if (stopped.getCount() == 0) {
                    return ExitCodes.CANCELLED;
                }
                Duration wait = plan.every().minusNanos(timer.nanoTime() - start);
                if (wait.isNegative() || wait.isZero()) {
                    context.diagnostics().notice("round " + round + " took longer than --every "
                            + WatchCommand.text(plan.every()) + ": the next one starts now");
                } else if (!timer.await(wait, stopped)) {
                    return ExitCodes.CANCELLED;
                }
            }
            for (AlertQueue q : queues) {
                if (!q.awaitIdle()) {
                    return ExitCodes.CANCELLED;
                }
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.CANCELLED;
        } finally {
            queues.forEach(AlertQueue::close);
            context.out().flush();
            context.err().flush();
        }
    }

    /** Ctrl-C: cancels the scan under way, ends the wait between rounds, abandons alerts. */
    void stop() {
        ScanSession s;
        synchronized (this) {
            stopped.countDown();
            s = scanning;
        }
        if (s != null) {
            s.cancel();
        }
        queues.forEach(AlertQueue::close);
    }

    private synchronized void scanning(ScanSession s) {
        scanning = s;
        if (s != null && stopped.getCount() == 0) {
            s.cancel();
        }
    }

    /**
     * Scans, stores, compares, reports and alerts one round.
     *
     * @return an exit code when the round ends the watch (130) or makes its end a failure (1); empty when it went well
     */
    private Optional<Integer> round(long number, ScanArchive archive) throws InterruptedException {
        ScanRecorder recorder = archive.record(request, "watch", targets);
        List<ScanListener> listeners = new ArrayList<>();
        listeners.add(recorder);
        Writer log = context.err();
        if (progress) {
            ProgressBar bar = new ProgressBar(context.err(), true, InstantSource.system());
            listeners.add(bar);
            log = bar.sharing(log);
        }
        if (verbosity > 0) {
            listeners.add(new VerboseLog(log, verbosity));
        }
        ScanSession session = context.scanner().start(request, event -> {
            for (ScanListener l : listeners) {
                l.onEvent(event);
            }
        });
        scanning(session);
        while (!session.await(Duration.ofSeconds(1))) {
            // Ctrl-C cancels through stop()
        }
        scanning(null);
        ScanEvent outcome = session.outcome().orElseThrow();
        Optional<String> notStored = stored(recorder);
        OptionalLong id = recorder.scanId();
        ScanSummary summary = switch (outcome) {
            case ScanEvent.Finished f -> f.summary();
            case ScanEvent.Cancelled c -> c.summary();
            case ScanEvent.Failed f -> f.summary();
            default -> throw new IllegalStateException("not a terminal event: " + outcome);
        };
        String status = switch (outcome) {
            case ScanEvent.Finished f -> "finished";
            case ScanEvent.Cancelled c -> "cancelled";
            default -> "failed";
        };
        Optional<String> message = outcome instanceof ScanEvent.Failed f ? Optional.of(f.message())
                : notStored.map(m -> "not stored (" + m + ")");
        WatchRound report = new WatchRound(number, id, status, message, summary.hostsUp(), summary.openPorts(),
                notStored.isEmpty(), Optional.empty(), Optional.empty(), false, false, false);
        if (outcome instanceof ScanEvent.Finished && notStored.isEmpty() && id.isPresent()) {
            try {
                report = compare(report, id.getAsLong());
            } catch (StoreException e) {
                context.diagnostics().error("round " + number + " not compared: " + e.getMessage());
                report = new WatchRound(number, id, status, Optional.of("not compared (" + e.getMessage() + ")"),
                        summary.hostsUp(), summary.openPorts(), false, Optional.empty(), Optional.empty(), false,
                        false, false);
            }
        }
        print(report);
        return switch (outcome) {
            case ScanEvent.Cancelled c -> Optional.of(ExitCodes.CANCELLED);
            case ScanEvent.Failed f -> Optional.of(ExitCodes.FAILED);
            default -> report.stored() ? Optional.empty() : Optional.of(ExitCodes.FAILED);
        };
    }

    /** Waits for the store to have the round; empty when it does, else why not (also said on stderr). */
    private Optional<String> stored(ScanRecorder recorder) throws InterruptedException {
        try {
            Optional<StoreException> failure = recorder.await(ScanRunner.STORE_WAIT);
            failure.ifPresent(e -> context.diagnostics().error("scan not stored: " + e.getMessage()));
            return failure.map(StoreException::getMessage);
        } catch (TimeoutException e) {
            String why = "the database was still busy after " + ScanRunner.STORE_WAIT.toSeconds() + " s";
            context.diagnostics().error("scan not stored completely: " + why);
            return Optional.of(why);
        }
    }

    /** Compares the stored round with what the plan says, and alerts where that is news. */
    private WatchRound compare(WatchRound r, long id) throws StoreException {
        StoredScan current = store.load(id).orElseThrow(() -> new StoreException(StoreException.Problem.NOT_FOUND,
                "scan " + id + " is no longer in " + store.location()));
        boolean first = firstFinished;
        firstFinished = false;
        if (plan.against() == WatchPlan.Against.PREVIOUS) {
            Alert.Against against = Alert.Against.PREVIOUS;
            StoredScan reference = previous;
            if (first) {
                reference = earlier(current).orElse(null);
                against = Alert.Against.STORED;
            }
            previous = current;
            if (reference == null) {
                return r;
            }
            ScanDiff diff = ScanDiff.of(reference, current);
            boolean alert = !diff.changes().isEmpty();
            return alerted(r, against, diff, false, alert);
        }
        if (baseline == null) {
            ScanEntry e = current.entry();
            Optional<Baseline> approved = plan.against() == WatchPlan.Against.APPROVE ? Optional.empty()
                    : store.baseline(e.targetKey(), e.ports());
            Optional<StoredScan> stored = approved.isPresent() ? store.load(approved.get().scanId()) : Optional.empty();
            if (stored.isEmpty()) {
                store.approve(id);
                baseline = current;
                return new WatchRound(r.number(), r.scanId(), r.status(), r.message(), r.hostsUp(), r.openPorts(),
                        true, Optional.of(Alert.Against.BASELINE), Optional.empty(), true, false, false);
            }
            baseline = stored.get();
        }
        ScanDiff diff = ScanDiff.of(baseline, current);
        boolean asBefore = diff.changes().equals(departures);
        departures = diff.changes();
        return alerted(r, Alert.Against.BASELINE, diff, asBefore, !asBefore);
    }

    /**
     * The latest finished scan of the same targets stored before {@code current}: the latest that probed the same
     * ports where there is one (it can tell every change), else the latest of any ports (the diff then reports
     * only what both probed).
     */
    private Optional<StoredScan> earlier(StoredScan current) throws StoreException {
        List<ScanEntry> before = store.sameTargets(current.entry().id()).stream()
                .filter(e -> e.id() < current.entry().id()).toList();
        Optional<ScanEntry> samePorts = before.reversed().stream()
                .filter(e -> e.ports().equals(current.entry().ports())).findFirst();
        Optional<ScanEntry> chosen = samePorts.or(() -> before.isEmpty() ? Optional.empty()
                : Optional.of(before.getLast()));
        return chosen.isPresent() ? store.load(chosen.get().id()) : Optional.empty();
    }

    private WatchRound alerted(WatchRound r, Alert.Against against, ScanDiff diff, boolean asBefore, boolean alert) {
        if (alert) {
            Alert a = new Alert(r.number(), diff.newer().id(), against, diff.older().id(), diff.changes().size(),
                    DiffCommand.json(diff));
            queues.forEach(q -> q.offer(a));
        }
        return new WatchRound(r.number(), r.scanId(), r.status(), r.message(), r.hostsUp(), r.openPorts(), true,
                Optional.of(against), Optional.of(diff), false, asBefore, alert);
    }

    private void print(WatchRound r) {
        PrintWriter out = context.out();
        if (plan.json()) {
            try {
                r.json(out);
            } catch (IOException e) {
                context.diagnostics().error("could not write standard output: " + e.getMessage());
            }
        } else {
            r.text(out);
        }
        out.flush();
    }
}
