package io.netsweep.scan;

import io.netsweep.identify.IdentifyOptions;
import io.netsweep.identify.ServiceIdentity;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Service identification as a scan uses it: what listens on an open port. The real one is
 * {@link io.netsweep.identify.ServiceIdentifier}, through {@link ScanComponents#standard()}.
 *
 * <p>Threading: thread-safe; {@link #identify} never blocks, and its stage completes on a thread of the
 * implementation's (or the closing one).
 */
public interface Identification extends AutoCloseable {

    /** What listens on {@code address:port}, or empty; the stage should not complete exceptionally. */
    CompletionStage<Optional<ServiceIdentity>> identify(InetAddress address, int port);

    /** Stops: probes still pending complete at once, empty. Idempotent. */
    @Override
    void close();

    /** Opens one identifier per scan. */
    @FunctionalInterface
    interface Factory {
        Identification open(IdentifyOptions options);
    }
}
