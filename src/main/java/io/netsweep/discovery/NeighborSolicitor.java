package io.netsweep.discovery;

import java.net.InetAddress;

/**
 * Asks for a local target's link-layer address on the sweep's own schedule, so the kernel neighbor
 * table learns about a host that ignores probes within one probe timeout instead of at the kernel's
 * next ARP retransmission (one second later). The answer goes where the kernel's own request would
 * have put it: the neighbor table.
 *
 * <p>Threading: {@link #solicit} is called by the sweep's sender thread only; {@link #close} once,
 * after the sweep ended.
 */
interface NeighborSolicitor extends AutoCloseable {

    /** Solicits nothing: the kernel's own requests are all there is. */
    NeighborSolicitor NONE = new NeighborSolicitor() {
        @Override
        public boolean solicit(InetAddress target) {
            return false;
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    /** Sends one request for {@code target}'s link-layer address; false if none could be sent. */
    boolean solicit(InetAddress target);

    /** Frees the socket. Idempotent. */
    @Override
    void close();
}
