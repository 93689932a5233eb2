package io.netsweep.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code watch} was asked to do, its options checked ({@link WatchCommand#plan()}). Immutable.
 *
 * @param every          from one round's start to the next's
 * @param count          how many rounds, or until Ctrl-C
 * @param against        what a round is compared with
 * @param json           one JSON object per round on stdout instead of text
 * @param exec           the command to run on changes
 * @param execTimeout    how long it may run
 * @param webhook        the URL to POST changes to
 * @param webhookTimeout each attempt's timeout
 * @param webhookRetries attempts after a failed one
 */
record WatchPlan(Duration every, OptionalLong count, Against against, boolean json, Optional<String> exec,
                 Duration execTimeout, Optional<URI> webhook, Duration webhookTimeout, int webhookRetries) {
    /** What a round is compared with. */
    enum Against {
        /** The round before (the first round: the latest stored scan of the same targets). */
        PREVIOUS,
        /** The approved baseline; the first round is approved where there is none. */
        BASELINE,
        /** As {@link #BASELINE}, the first round approved whatever was before. */
        APPROVE
    }

    WatchPlan {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(against, "against");
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(webhookTimeout, "webhookTimeout");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive");
        }
        if (webhookRetries < 0) {
            throw new IllegalArgumentException("webhookRetries must not be negative");
        }
    }
}
