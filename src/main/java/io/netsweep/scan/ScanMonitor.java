package io.netsweep.scan;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches a running scan on a thread of its own: every {@code interval} of the {@link ScanClock} it emits
 * {@link ScanEvent.Progress} and checks that no component stopped on its own, which would leave hosts
 * unfinished for ever; one that did ends the scan through {@code fail}.
 *
 * <p>Progress counts work items: one per target while discovery runs, one per port of each host given to
 * the port scan (with {@code -Pn}, every target's ports from the start). Each report also names the
 * lowest target not settled yet.
 *
 * <p>Thread-safe: {@link #stop()} may be called from any thread, the monitor's own included.
 */
final class ScanMonitor {
    private final WorkSplit work;
    private final Optional<Discovery> discovery;
    private final List<PortScan> portScans;
    private final long portsPerHost;
    private final LongSupplier hostsSubmitted;
    private final Supplier<Optional<InetAddress>> firstUnsettled;
    private final EventDispatcher events;
    private final ScanClock clock;
    private final Duration interval;
    private final Consumer<String> fail;
    private final ProgressMeter meter;
    private final Thread thread;
    private volatile boolean stopped;

    ScanMonitor(WorkSplit work, Optional<Discovery> discovery, List<PortScan> portScans, long portsPerHost,
            LongSupplier hostsSubmitted, Supplier<Optional<InetAddress>> firstUnsettled, EventDispatcher events,
            ScanClock clock, long startNanos, Duration interval, Consumer<String> fail) {
        this.work = work;
        this.discovery = discovery;
        this.portScans = List.copyOf(portScans);
        this.portsPerHost = portsPerHost;
        this.hostsSubmitted = hostsSubmitted;
        this.firstUnsettled = firstUnsettled;
        this.events = events;
        this.clock = clock;
        this.interval = interval;
        this.fail = fail;
        this.meter = new ProgressMeter(startNanos);
        this.thread = Thread.ofPlatform().daemon().name("netsweep-progress").unstarted(this::run);
    }

    /** Starts the monitor's thread, unless it was stopped already. */
    void start() {
        if (!stopped) {
            thread.start();
        }
    }

    /** Stops at once; no event is emitted after it returns, except one being emitted on the monitor's thread. */
    void stop() {
        stopped = true;
        if (thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** Waits up to {@code timeout} for the monitor's thread to exit (at once if it never started). */
    void join(Duration timeout) throws InterruptedException {
        if (thread != Thread.currentThread() && thread.isAlive()) {
            thread.join(timeout);
        }
    }

    private void run() {
        try {
            while (!stopped) {
                clock.sleep(interval);
                if (stopped) {
                    return;
                }
                events.emit(progress());
                checkHealth();
            }
        } catch (InterruptedException e) {
            // stopped: the scan is ending
        }
    }

    private void checkHealth() {
        for (PortScan p : portScans) {
            p.failure().ifPresent(e -> fail.accept("port scan failed: " + ScanRun.oneLine(e)));
        }
        discovery.flatMap(Discovery::failure).ifPresent(e -> fail.accept("discovery failed: " + ScanRun.oneLine(e)));
    }

    private ScanEvent.Progress progress() {
        long done = 0;
        long total = 0;
        long probes = 0;
        long targets = work.targets().size();
        if (discovery.isPresent()) {
            Discovery d = discovery.get();
            done += d.targetsDone();
            total += targets;
            probes += d.probesSent();
        }
        if (!portScans.isEmpty()) {
            for (PortScan p : portScans) {
                done += p.resultsReported();
                probes += p.probesSent();
            }
            total += (discovery.isPresent() ? hostsSubmitted.getAsLong() : targets) * portsPerHost;
        }
        return meter.sample(clock.nanoTime(), done, total, probes, firstUnsettled.get());
    }
}
