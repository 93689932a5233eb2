package io.netsweep.scan;

import io.netsweep.service.DetectOptions;
import io.netsweep.service.ServiceReport;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Service detection as a scan uses it ({@code -sV}): what listens on an open port, its product and version.
 * The real one is {@link io.netsweep.service.ServiceDetector} (which hands HTTP services to AI/ML
 * identification), through {@link ScanComponents#standard()}.
 *
 * <p>Threading: thread-safe; {@link #identify} never blocks, and its stage completes on a thread of the
 * implementation's (or the closing one).
 */
public interface Identification extends AutoCloseable {

    /**
     * What listens on {@code address:port}, or empty when it answered nothing; the stage should not complete
     * exceptionally.
     */
    CompletionStage<Optional<ServiceReport>> identify(InetAddress address, int port);

    /**
     * What answers on UDP port {@code address:port}, found open by the UDP scan, or empty when it answered none of
     * the detector's UDP probes; the stage should not complete exceptionally. This default detects nothing on UDP,
     * for implementations that know TCP only.
     */
    default CompletionStage<Optional<ServiceReport>> identifyUdp(InetAddress address, int port) {
        return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    }

    /** Stops: probes still pending complete at once, empty. Idempotent. */
    @Override
    void close();

    /** Opens one detector per scan. */
    @FunctionalInterface
    interface Factory {
        Identification open(DetectOptions options);
    }
}
