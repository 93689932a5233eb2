package io.netsweep.scan;

import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.PtrResult;
import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

/**
 * Reverse DNS as a scan uses it. The real one is {@link io.netsweep.dns.ReverseResolver}, through
 * {@link ScanComponents#standard()}.
 *
 * <p>Threading: thread-safe; {@link #lookup} never blocks, and its stage completes on a thread of the
 * implementation's (or the closing one).
 */
public interface NameLookup extends AutoCloseable {

    /** The name of {@code address}; the stage holds the outcome and should not complete exceptionally. */
    CompletionStage<PtrResult> lookup(InetAddress address);

    /** Stops: lookups still pending complete at once (as {@link io.netsweep.dns.DnsStatus#DISABLED}). Idempotent. */
    @Override
    void close();

    /** Opens one resolver per scan. */
    @FunctionalInterface
    interface Factory {
        NameLookup open(DnsOptions options);
    }
}
