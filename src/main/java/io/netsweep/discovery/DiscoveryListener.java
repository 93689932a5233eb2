package io.netsweep.discovery;

import java.net.InetAddress;

/**
 * Receives the verdicts of a {@link HostDiscovery} sweep: exactly one call per distinct target,
 * unless the sweep is cancelled first (targets still undecided then get no call).
 *
 * <p>Threading: calls come from one reporting thread of the sweep, one at a time and never
 * concurrently, in the order verdicts are reached (not target order). They should return quickly
 * (later verdicts wait behind them), but a slow listener does not slow the probes down. After
 * {@link HostDiscovery#awaitTermination} returns true there are no more calls. If a call throws,
 * the sweep is cancelled and {@link HostDiscovery#failure()} holds the exception.
 */
public interface DiscoveryListener {

    /**
     * A host is up. Called as soon as it is known, so a port scan can start on it at once.
     * For a host on a directly connected subnet, {@link HostInfo#mac()} and
     * {@link HostInfo#vendor()} are filled from the kernel neighbor table at that moment (the
     * kernel resolved the neighbor to send the probe, so the entry is there).
     */
    void onHostUp(HostInfo host);

    /** A target stayed silent through its last retry, or a router said it cannot be reached. */
    void onHostDown(InetAddress address);
}
