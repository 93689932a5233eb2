package io.netsweep.portscan;

import io.netsweep.timing.RttEstimator;

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
 * <p>Shared paths: the hosts of a scan usually share a path (the scanner's link, a router, a VPN), so besides
 * each host's window there is one for the whole engine, fed by every host's answers and losses, as nmap keeps a
 * group window beside its hosts' ones. It starts at the concurrency and only shrinks when the shared path
 * loses more than random loss would: many hosts each within their own window can still overrun a path they
 * share, and then every host's probes queue behind the others' until they time out. It is cut by an eighth
 * and regrows in proportion to its size ({@link CongestionWindow#scalable}): a shared queue's hiccups are
 * frequent on a busy path, and halving on each would leave every host waiting for the slow regrowth.
 *
 * <p>Only round trips known to belong to one SYN are sampled (Karn's rule; Karn and Partridge, RFC 6298 section
 * 5): an answer after a retransmission that repeats the first SYN (the SYN scan's attempts, see
 * {@link ConnectIo#tellsAttemptsApart}) may be the late answer to the first one, and timed from the last it
 * would pull the timeout down just when the path is slow. Round trips of a second or more are not sampled
 * either: the kernel sends a connect's SYN again after a second by itself, so such an answer may belong to that
 * second SYN. The backed-off timeout stays until an unambiguous answer comes.
 *
 * <p>Retransmissions back off: each attempt of a probe waits twice as long as the one before (within the
 * ceiling), as TCP's retransmission timer does, once the host has answered anything. A path whose queue has
 * grown delays answers past the timeout the estimate had before; a second and third attempt with the same
 * timeout would be lost the same way, and the port with them. A host that has never answered gets no backoff:
 * its timeouts are a firewall's drops, and backing off would only make each of its ports cost more.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class AdaptiveTiming {
    private final ScanTiming timing;
    private final RttEstimator global;
    private final long fixedTimeoutNanos;
    private final long maxTimeoutNanos;
    private final CongestionWindow group;
    /** The highest attempt number any host has answered. */
    private int maxAnsweredAttempt;

    AdaptiveTiming(ScanTiming timing) {
        this.timing = timing;
        this.global = newEstimator();
        this.fixedTimeoutNanos = Math.max(timing.minTimeout().toNanos(),
                Math.min(timing.maxTimeout().toNanos(), timing.initialTimeout().toNanos()));
        this.maxTimeoutNanos = timing.maxTimeout().toNanos();
        int c = timing.concurrency();
        this.group = CongestionWindow.scalable(Math.max(1, c / GROUP_FLOOR_DIVISOR), c);
    }

    /** Linux's first SYN retransmission timeout (TCP_TIMEOUT_INIT): answers later than this are ambiguous. */
    static final long KERNEL_SYN_RTO_NANOS = 1_000_000_000L;

    /** The engine-wide window's floor is this fraction of the concurrency. */
    static final int GROUP_FLOOR_DIVISOR = 16;

    /** Probes the engine may have in flight now, over all hosts: the shared path's window. */
    int groupLimit() {
        return group.limit();
    }

    RttEstimator newEstimator() {
        return new RttEstimator(timing.initialTimeout(), timing.minTimeout(), timing.maxTimeout());
    }

    CongestionWindow newWindow() {
        return CongestionWindow.forConcurrency(timing.concurrency());
    }

    /** The timeout for attempt {@code attempt} (1 for the first) of a probe to {@code host}. */
    long timeoutFor(HostState host, int attempt) {
        if (!timing.adaptive()) {
            return fixedTimeoutNanos;
        }
        if (!host.rtt.hasSamples()) {
            return global.timeoutNanos(); // a silent host's timeouts are a firewall's drops, not a queue's delay
        }
        long base = host.rtt.timeoutNanos();
        int doublings = Math.min(attempt - 1, 20);
        return Math.max(base, Math.min(maxTimeoutNanos, base << doublings));
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

    /**
     * The target answered a probe whose latest attempt, number {@code attempt}, was sent at {@code sentNanos}, at
     * {@code nowNanos}; {@code attemptsApart} tells whether the answer is known to be to that attempt (see
     * {@link ConnectIo#tellsAttemptsApart}).
     */
    void onTargetAnswer(HostState host, int attempt, long sentNanos, long nowNanos, boolean attemptsApart) {
        long rtt = nowNanos - sentNanos;
        host.answeredAttempt(attempt);
        maxAnsweredAttempt = Math.max(maxAnsweredAttempt, attempt);
        if (rtt < KERNEL_SYN_RTO_NANOS && (attempt == 1 || attemptsApart)) {
            host.rtt.sample(rtt);
            global.sample(rtt);
        }
        if (attempt > 1) { // answered on a retry: an earlier attempt was lost
            host.window.onLoss(sentNanos, nowNanos);
            group.onLoss(sentNanos, nowNanos);
        } else {
            host.window.onAnswer();
            group.onAnswer();
        }
    }
}
