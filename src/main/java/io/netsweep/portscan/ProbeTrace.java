package io.netsweep.portscan;

import java.net.InetAddress;

/** Observes every connect attempt the engine makes; for tests and diagnostics. Called on the engine threads, concurrently when there are several. */
@FunctionalInterface
interface ProbeTrace {
    ProbeTrace NONE = (address, port, attempt, timeoutNanos, inFlight) -> { };

    /**
     * @param attempt      1 for the first attempt on this port, 2 for the first retransmission, ...
     * @param timeoutNanos the timeout this attempt got
     * @param inFlight     sockets in flight once this attempt is counted
     */
    void onSend(InetAddress address, int port, int attempt, long timeoutNanos, int inFlight);

    /** A loss sample ({@link LossEvidence}) was sent to {@code address}; not an attempt of the port's probe. */
    default void onSample(InetAddress address, int port) {
    }
}
