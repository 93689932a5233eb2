package io.netsweep.cli;

import java.util.Objects;

/**
 * The timers of {@code watch}, wired by {@link Main}: one for the schedule of rounds, one for a webhook's
 * backoff between attempts. Immutable.
 */
record WatchTiming(WatchTimer rounds, WatchTimer retries) {
    WatchTiming {
        Objects.requireNonNull(rounds, "rounds");
        Objects.requireNonNull(retries, "retries");
    }

    /** Both on the wall clock. */
    static WatchTiming system() {
        WatchTimer t = WatchTimer.system();
        return new WatchTiming(t, t);
    }
}
