package io.netsweep.discovery;

import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.NativeException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * ARP requests sent from a Linux packet socket ({@code AF_PACKET}, {@code SOCK_DGRAM}: the kernel
 * adds the Ethernet header), broadcast on the target's link as the kernel itself would ask. The
 * socket is opened with protocol 0, so it receives nothing: the target's reply is processed by the
 * kernel, which updates the entry our probe made it create (a reply to any request updates an
 * existing entry), and discovery reads it from the neighbor table as before.
 *
 * <p>Needs CAP_NET_RAW, like a raw ICMP socket; {@link #open} is empty without it. IPv4 only.
 *
 * <p>Threading: see {@link NeighborSolicitor}.
 */
final class ArpSolicitor implements NeighborSolicitor {
    static final int ARPHRD_ETHER = 1;
    static final int ARP_LENGTH = 28;

    private final LinuxSocket socket;
    private final LocalNetworks local;
    private boolean closed;

    private ArpSolicitor(LinuxSocket socket, LocalNetworks local) {
        this.socket = socket;
        this.local = local;
    }

    /** A solicitor for the Ethernet links of {@code local}; empty without privilege or without such links. */
    static Optional<NeighborSolicitor> open(LocalNetworks local) {
        if (!local.hasLinks()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArpSolicitor(LinuxSocket.openArp(), local));
        } catch (NativeException e) {
            return Optional.empty(); // EPERM without CAP_NET_RAW: the kernel's own requests will do
        }
    }

    @Override
    public boolean solicit(InetAddress target) {
        if (closed || !(target instanceof Inet4Address)) {
            return false;
        }
        Optional<LocalNetworks.Link> link = local.link(target);
        if (link.isEmpty() || link.get().source().equals(target)) {
            return false;
        }
        byte[] arp = request(link.get().mac(), link.get().source(), (Inet4Address) target);
        return socket.broadcastArp(arp, arp.length, link.get().ifindex()) == Errno.NONE;
    }

    /** The ARP request (RFC 826) asking who has {@code target}, from {@code mac} / {@code source}. */
    static byte[] request(MacAddress mac, Inet4Address source, Inet4Address target) {
        byte[] p = new byte[ARP_LENGTH];
        p[1] = ARPHRD_ETHER;         // hardware type: Ethernet
        p[2] = 0x08;                 // protocol type: IPv4
        p[4] = 6;                    // hardware address length
        p[5] = 4;                    // protocol address length
        p[7] = 1;                    // operation: request
        for (int i = 0; i < 6; i++) {
            p[8 + i] = (byte) (mac.bits() >>> (8 * (5 - i)));
        }
        System.arraycopy(source.getAddress(), 0, p, 14, 4);
        // target hardware address (18..23) stays zero: that is the question
        System.arraycopy(target.getAddress(), 0, p, 24, 4);
        return p;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
