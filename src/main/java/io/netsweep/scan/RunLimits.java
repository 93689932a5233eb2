package io.netsweep.scan;

import io.netsweep.portscan.ScanTiming;
import io.netsweep.portscan.ScanType;
import java.time.Duration;
import java.util.Objects;

/**
 * The orchestrator's own bounds, named in one place. Immutable.
 *
 * @param maxActiveHosts   with {@code -Pn}, most hosts in the port scan at once (a SYN scan may have more: see
 *                         {@link #activeHosts})
 * @param progressInterval time between two {@link ScanEvent.Progress} events (and component health checks)
 * @param maxPendingLookups most reverse lookups asked and not yet answered at once: the thread that reports hosts
 *                         (discovery's, or the feed's with {@code -Pn}) waits for room, so that {@code -R} over a
 *                         huge range of hosts down holds this many lookups, not one per host
 */
record RunLimits(int maxActiveHosts, Duration progressInterval, int maxPendingLookups) {
    /** 1,024 hosts, a progress report every 200 ms, 4,096 lookups pending. */
    static final RunLimits DEFAULTS = new RunLimits(1024, Duration.ofMillis(200), 4096);

    /** Most hosts a SYN scan has in the port scan at once, whatever its concurrency. */
    static final int MAX_SYN_ACTIVE_HOSTS = 16_384;

    /**
     * With {@code -Pn}, most hosts in the port scan at once. A connect scan's probes each hold a socket, so more hosts
     * would only wait for fds: {@link #maxActiveHosts}. A SYN scan's hold none, and a host costs only its state, so
     * it gets enough hosts to keep its concurrency busy when each has few ports ({@code concurrency / ports}, as many
     * silent hosts with one port each need), up to {@value #MAX_SYN_ACTIVE_HOSTS}.
     */
    int activeHosts(ScanType type, ScanTiming timing, int portsPerHost) {
        if (type != ScanType.SYN) {
            return maxActiveHosts;
        }
        int filling = timing.concurrency() / Math.max(1, portsPerHost);
        return Math.max(maxActiveHosts, Math.min(MAX_SYN_ACTIVE_HOSTS, filling));
    }

    RunLimits {
        if (maxActiveHosts < 1) {
            throw new IllegalArgumentException("maxActiveHosts must be at least 1");
        }
        if (maxPendingLookups < 1) {
            throw new IllegalArgumentException("maxPendingLookups must be at least 1");
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive");
        }
    }
}
