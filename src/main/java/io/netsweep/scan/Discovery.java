package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.target.TargetSet;
import java.time.Duration;
import java.util.Optional;

/**
 * Host discovery as a scan uses it: one sweep over the targets, its verdicts reported to the
 * {@link DiscoveryListener} given to the {@link Factory} (whose contract applies: at most one call per
 * target, one call at a time, none once {@link #awaitTermination} has returned true). The real one is
 * {@link io.netsweep.discovery.HostDiscovery}, through {@link ScanComponents#standard()}.
 *
 * <p>Threading: {@link #start} returns at once and the sweep runs on threads of its own; every method
 * is thread-safe.
 */
public interface Discovery extends AutoCloseable {

    /** How this sweep probes, for {@link ScanEvent.Started}. */
    DiscoveryMethod method();

    /** Starts the sweep over {@code targets}. Called once. */
    void start(TargetSet targets);

    /** Stops the sweep: no more probes, and no more listener calls once it has stopped. Returns at once. */
    void cancel();

    /** Waits for the sweep to end (done, cancelled or failed); true if it ended within {@code timeout}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Why the sweep stopped before deciding every target, if it did. */
    Optional<RuntimeException> failure();

    /** Probes sent so far, for progress. */
    long probesSent();

    /** Targets decided (up or down) so far, for progress. */
    long targetsDone();

    /** Cancels and frees the sweep's threads and sockets. Idempotent. */
    @Override
    void close();

    /** Opens one sweep per scan. */
    @FunctionalInterface
    interface Factory {
        /**
         * Opens what the sweep needs (its sockets); sends nothing until {@link Discovery#start}.
         *
         * @throws RuntimeException when the sweep cannot be opened: the scan then ends as failed
         */
        Discovery open(DiscoveryOptions options, DiscoveryListener listener);
    }
}
