package io.netsweep.portscan;

import io.netsweep.scan.ScanTiming;

/**
 * The timing policy of a scan: probe timeouts from round-trip estimates, congestion windows from answers and
 * losses.
 *
 * <p>Timeouts: each host has an {@link RttEstimator}, and the scan has a global one fed by every host. A probe
 * gets its host's timeout once that host has answered, else the global one (a good guess for the next host on
 * the same network), else the initial timeout. A non-adaptive timing ({@code --timeout}) always gets the fixed
 * timeout. Only target answers (open, closed) are samples; ICMP errors may come from a router half-way.
 *
 * <p>Losses: a timeout alone does not shrink a host's congestion window, because most timeouts in a port scan
 * are firewalls dropping probes to closed-off ports, not congestion; halving on them would crawl through every
 * firewalled host. A timeout proves to have been a loss when the retransmission to the same port is answered:
 * that answer is a loss, and losses beyond a small share of a round halve the window (once per flight; see
 * {@link CongestionWindow}). Every other answer grows it. A timeout from a host that has never answered grows
 * its window: it is dropping probes, not congested, and must not hold the scan to its first window.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class AdaptiveTiming {
    private final ScanTiming timing;
    private final RttEstimator global;
    private final long fixedTimeoutNanos;
    /** The highest attempt number any host has answered. */
    private int maxAnsweredAttempt;

    AdaptiveTiming(ScanTiming timing) {
        this.timing = timing;
        this.global = newEstimator();
        this.fixedTimeoutNanos = Math.max(timing.minTimeout().toNanos(),
                Math.min(timing.maxTimeout().toNanos(), timing.initialTimeout().toNanos()));
    }

    RttEstimator newEstimator() {
        return new RttEstimator(timing.initialTimeout(), timing.minTimeout(), timing.maxTimeout());
    }

    CongestionWindow newWindow() {
        return CongestionWindow.forConcurrency(timing.concurrency());
    }

    /** The timeout for the next attempt to {@code host}. */
    long timeoutFor(HostState host) {
        if (!timing.adaptive()) {
            return fixedTimeoutNanos;
        }
        return host.rtt.hasSamples() ? host.rtt.timeoutNanos() : global.timeoutNanos();
    }

    /** How many attempts a probe to {@code host} may make now (see {@link HostState#allowedAttempts}). */
    int allowedAttempts(HostState host) {
        return host.allowedAttempts(timing.retries() + 1, maxAnsweredAttempt);
    }

    /** An attempt to {@code host} went unanswered until its deadline. */
    void onTimeout(HostState host) {
        if (!host.rtt.hasSamples()) {
            host.window.onSilentTimeout();
        }
    }

    /** The target answered attempt number {@code attempt}, sent at {@code sentNanos}, at {@code nowNanos}. */
    void onTargetAnswer(HostState host, int attempt, long sentNanos, long nowNanos) {
        long rtt = nowNanos - sentNanos;
        host.answeredAttempt(attempt);
        maxAnsweredAttempt = Math.max(maxAnsweredAttempt, attempt);
        host.rtt.sample(rtt);
        global.sample(rtt);
        if (attempt > 1) {
            host.window.onLoss(sentNanos, nowNanos); // answered on a retry: an earlier attempt was lost
        } else {
            host.window.onAnswer();
        }
    }
}
