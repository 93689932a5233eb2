package io.netsweep.scan;

import io.netsweep.discovery.HostInfo;
import io.netsweep.target.Permutation;
import io.netsweep.target.TargetSet;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The scan's target feed, on a thread of its own. With {@code -Pn} it hands every target to the scan as
 * a host that is up, in a seeded, spread-out order, and never has more than {@code maxActive} of them in
 * the port scan at once ({@link #hostDone()} makes room), so memory stays flat however many targets
 * there are. With discovery, the sweep reports hosts by itself and the feed only waits for it to end.
 * Either way the feed ends by calling {@link Sink#fed()} once, or {@link Sink#failed} when it cannot go on.
 *
 * <p>Thread-safe: {@link #hostDone()} and {@link #stop()} may be called from any thread.
 */
final class TargetFeeder {
    /** How often a wait for the sweep looks whether the scan is stopping (an interrupt usually says so first). */
    private static final Duration DISCOVERY_WAIT_STEP = Duration.ofSeconds(1);

    /** Where the feed goes. Called on the feed's thread. */
    interface Sink {
        /** A target to scan as a host that is up. */
        void hostUp(HostInfo host);

        /** Nothing more will be fed. */
        void fed();

        /** The feed broke; {@code message} is one line for a person. */
        void failed(String message);
    }

    private final Sink sink;
    private final TargetSet targets;
    private final long seed;
    private final Discovery discovery; // null with -Pn
    private final Semaphore active;
    private final Thread thread;
    private volatile boolean stopped;

    private TargetFeeder(Sink sink, TargetSet targets, long seed, Discovery discovery, int maxActive) {
        if (maxActive < 1) {
            throw new IllegalArgumentException("maxActive must be at least 1");
        }
        this.sink = sink;
        this.targets = targets;
        this.seed = seed;
        this.discovery = discovery;
        this.active = new Semaphore(maxActive);
        this.thread = Thread.ofPlatform().daemon()
                .name(discovery == null ? "netsweep-feed" : "netsweep-discovery-wait")
                .unstarted(discovery == null ? this::feed : this::awaitDiscovery);
    }

    /** {@code -Pn}: every target, at most {@code maxActive} in the port scan at once. */
    static TargetFeeder everyTarget(TargetSet targets, long seed, int maxActive, Sink sink) {
        return new TargetFeeder(sink, targets, seed, null, maxActive);
    }

    /** With discovery: waits for the sweep to end. */
    static TargetFeeder afterDiscovery(Discovery discovery, Sink sink) {
        return new TargetFeeder(sink, null, 0, discovery, 1);
    }

    /** Starts the feed's thread, unless the feed was stopped already. */
    void start() {
        if (!stopped) {
            thread.start();
        }
    }

    /** A host fed with {@code -Pn} left the port scan. */
    void hostDone() {
        active.release();
    }

    /** Stops feeding; returns at once. Idempotent. */
    void stop() {
        stopped = true;
        if (thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** Waits up to {@code timeout} for the feed's thread to exit (at once if it never started). */
    void join(Duration timeout) throws InterruptedException {
        if (thread != Thread.currentThread() && thread.isAlive()) {
            thread.join(timeout);
        }
    }

    private void feed() {
        try {
            if (targets.size() == 0) { // a shard's empty part
                sink.fed();
                return;
            }
            Permutation order = new Permutation(targets.size(), seed);
            for (long i = 0; i < targets.size(); i++) {
                active.acquire();
                if (stopped) {
                    return;
                }
                sink.hostUp(HostInfo.assumedUp(targets.get(order.apply(i))));
            }
            if (!stopped) {
                sink.fed();
            }
        } catch (InterruptedException e) {
            // stopped: the scan is ending
        } catch (RuntimeException e) {
            sink.failed("target feed failed: " + ScanRun.oneLine(e));
        }
    }

    private void awaitDiscovery() {
        try {
            while (!discovery.awaitTermination(DISCOVERY_WAIT_STEP)) {
                if (stopped) {
                    return;
                }
            }
            if (stopped) {
                return;
            }
            // A sweep that failed has left targets undecided: the scan must not look finished.
            discovery.failure().ifPresentOrElse(
                    e -> sink.failed("discovery failed: " + ScanRun.oneLine(e)), sink::fed);
        } catch (InterruptedException e) {
            // stopped: the scan is ending
        } catch (RuntimeException e) {
            sink.failed("discovery failed: " + ScanRun.oneLine(e));
        }
    }
}
