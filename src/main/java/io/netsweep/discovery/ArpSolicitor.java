package io.netsweep.discovery;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
    static final int AF_PACKET = 17;
    static final int ETH_P_ARP = 0x0806;
    static final int ARPHRD_ETHER = 1;
    static final int ARP_LENGTH = 28;
    private static final int SOCKADDR_LL_SIZE = 20;

    private final Libc libc;
    private final LocalNetworks local;
    private final int fd;
    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment packet;
    private final MemorySegment to;
    private boolean closed;

    private ArpSolicitor(Libc libc, LocalNetworks local, int fd, Arena arena) {
        this.libc = libc;
        this.local = local;
        this.fd = fd;
        this.arena = arena;
        this.state = Libc.newCallState(arena);
        this.packet = arena.allocate(ARP_LENGTH, 8);
        this.to = arena.allocate(SOCKADDR_LL_SIZE, 8);
    }

    /** A solicitor for the Ethernet links of {@code local}; empty without privilege or without such links. */
    static Optional<NeighborSolicitor> open(LocalNetworks local) {
        if (!local.hasLinks()) {
            return Optional.empty();
        }
        Optional<Libc> libc = Libc.load();
        if (libc.isEmpty()) {
            return Optional.empty();
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment s = Libc.newCallState(arena);
            int fd = libc.get().socket(s, AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                arena.close();
                return Optional.empty(); // EPERM without CAP_NET_RAW: the kernel's own requests will do
            }
            return Optional.of(new ArpSolicitor(libc.get(), local, fd, arena));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
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
        MemorySegment.copy(arp, 0, packet, ValueLayout.JAVA_BYTE, 0, arp.length);
        writeBroadcast(to, link.get().ifindex());
        return libc.sendto(state, fd, packet, arp.length, 0, to, SOCKADDR_LL_SIZE) == arp.length;
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

    /** {@code struct sockaddr_ll} for an ARP frame to the Ethernet broadcast address on interface {@code ifindex}. */
    private static void writeBroadcast(MemorySegment seg, int ifindex) {
        seg.fill((byte) 0);
        seg.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
        seg.set(ValueLayout.JAVA_BYTE, 2, (byte) (ETH_P_ARP >>> 8)); // sll_protocol, network byte order
        seg.set(ValueLayout.JAVA_BYTE, 3, (byte) ETH_P_ARP);
        seg.set(ValueLayout.JAVA_INT, 4, ifindex);
        seg.set(ValueLayout.JAVA_SHORT, 8, (short) ARPHRD_ETHER);
        seg.set(ValueLayout.JAVA_BYTE, 11, (byte) 6);                 // sll_halen
        for (int i = 0; i < 6; i++) {
            seg.set(ValueLayout.JAVA_BYTE, 12 + i, (byte) 0xFF);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(state, fd);
            arena.close();
        }
    }
}
