package io.netsweep.scan;

import java.time.Duration;
import java.util.Objects;

/**
 * The orchestrator's own bounds, named in one place. Immutable.
 *
 * @param maxActiveHosts   with {@code -Pn}, most hosts in the port scan at once
 * @param progressInterval time between two {@link ScanEvent.Progress} events (and component health checks)
 */
record RunLimits(int maxActiveHosts, Duration progressInterval) {
    /** 1,024 hosts, a progress report every 200 ms. */
    static final RunLimits DEFAULTS = new RunLimits(1024, Duration.ofMillis(200));

    RunLimits {
        if (maxActiveHosts < 1) {
            throw new IllegalArgumentException("maxActiveHosts must be at least 1");
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive");
        }
    }
}
