package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A non-blocking, close-on-exec Linux socket for crafted packets: for discovery ICMP or ICMPv6 (raw, or the
 * unprivileged datagram kind) or a link-layer packet socket that sends ARP requests; for the SYN scan a raw TCP
 * socket (IPv4 or IPv6); for the UDP scan an ordinary unconnected UDP socket whose {@link Option#IP_RECVERR} error
 * queue tells which probe drew which ICMP error. Every call reports an {@link Errno} value
 * ({@link Errno#NONE} when it succeeded); only opening throws.
 *
 * <p>Threading: one thread sends ({@link #sendTo}, {@link #broadcastArp}) and one other thread receives
 * ({@link #receive}, {@link #receiveError}), each with its own native memory; options are set before both
 * start. {@link #close} only after both have stopped using it.
 */
public final class LinuxSocket implements AutoCloseable {

    /** The two kinds of ICMP socket of the privilege ladder. */
    public enum Kind {
        /** {@code SOCK_RAW}: needs CAP_NET_RAW; sees every ICMP message, IPv4 ones with their IP header. */
        RAW,
        /** {@code SOCK_DGRAM}: for groups in {@code net.ipv4.ping_group_range}; the kernel owns the identifier. */
        DATAGRAM
    }

    /** Integer socket options. */
    public enum Option {
        SNDBUF(SysSocket.SOL_SOCKET, SysSocket.SO_SNDBUF),
        RCVBUF(SysSocket.SOL_SOCKET, SysSocket.SO_RCVBUF),
        /** Beyond the sysctl cap; needs CAP_NET_ADMIN. */
        SNDBUFFORCE(SysSocket.SOL_SOCKET, SysSocket.SO_SNDBUFFORCE),
        /** Beyond the sysctl cap; needs CAP_NET_ADMIN. */
        RCVBUFFORCE(SysSocket.SOL_SOCKET, SysSocket.SO_RCVBUFFORCE),
        /** ICMP errors to an IPv4 socket's error queue, read with {@link #receiveError}. */
        IP_RECVERR(NetinetIn.IPPROTO_IP, NetinetIn.IP_RECVERR),
        /** ICMPv6 errors to an IPv6 socket's error queue, read with {@link #receiveError}. */
        IPV6_RECVERR(NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_RECVERR),
        /** A raw ICMP socket's type filter: bit {@code t} set blocks type {@code t} (0-31). */
        ICMP_FILTER(LinuxIcmp.SOL_RAW, LinuxIcmp.ICMP_FILTER),
        /** A raw IPv6 socket's checksum offset (16 for TCP): the kernel fills in the checksum with the pseudo-header. */
        IPV6_CHECKSUM(NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_CHECKSUM);

        private final int level;
        private final int name;

        Option(int level, int name) {
            this.level = level;
            this.name = name;
        }
    }

    /** A message read from the socket, and who sent it. */
    public record Datagram(InetAddress from, byte[] data, int length) {
        public Datagram {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * An ICMP error the kernel matched to one of this socket's messages ({@link Option#IP_RECVERR}).
     *
     * @param offender            who sent the ICMP error
     * @param originalDestination where the quoted message was going
     * @param type                the ICMP type
     * @param code                the ICMP code
     * @param quoted              the quoted message (ICMP header first)
     * @param length              how much of {@code quoted} is the message
     * @param originalPort        the quoted message's destination port, for a UDP socket's own datagrams; 0 for
     *                            raw sockets, whose messages have no port the kernel knows
     */
    public record IcmpError(InetAddress offender, InetAddress originalDestination, int type, int code,
                            byte[] quoted, int length, int originalPort) {
        public IcmpError {
            Objects.requireNonNull(offender, "offender");
            Objects.requireNonNull(originalDestination, "originalDestination");
            Objects.requireNonNull(quoted, "quoted");
        }
    }

    /** A UDP datagram read from the socket, who sent it and from which port. */
    public record UdpDatagram(InetAddress from, int port, byte[] data) {
        public UdpDatagram {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(data, "data");
        }
    }

    private static final int BUFFER = 2048;
    private static final int CONTROL = 512;

    private final int fd;
    private final int domain;
    private final Arena arena;
    // Sender side:
    private final MemorySegment sendState;
    private final MemorySegment sendBuffer;
    private final MemorySegment sendAddress;
    // Receiver side:
    private final MemorySegment receiveState;
    private final MemorySegment receiveBuffer;
    private final MemorySegment receiveAddress;
    private final MemorySegment receiveAddressLength;
    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment control;
    /** {@link #routeSource}'s address length, in and out. */
    private final MemorySegment nameLength;
    private boolean closed;

    private LinuxSocket(int fd, int domain, Arena arena) {
        this.fd = fd;
        this.domain = domain;
        this.arena = arena;
        sendState = Downcalls.newCallState(arena);
        sendBuffer = arena.allocate(BUFFER, 8);
        sendAddress = arena.allocate(SysSocket.SOCKADDR_STORAGE); // any address, link-layer ones too
        receiveState = Downcalls.newCallState(arena);
        receiveBuffer = arena.allocate(BUFFER, 8);
        receiveAddress = arena.allocate(SysSocket.SOCKADDR_STORAGE);
        receiveAddressLength = arena.allocate(JAVA_INT);
        msghdr = arena.allocate(SysSocket.MSGHDR);
        iovec = arena.allocate(SysSocket.IOVEC);
        control = arena.allocate(CONTROL, 8);
        nameLength = arena.allocate(JAVA_INT);
    }

    /**
     * An ICMP ({@code ipv6} false) or ICMPv6 socket of {@code kind}.
     *
     * @throws NativeException if the kernel refuses (no privilege: EPERM, EACCES; family unsupported), or
     *                         {@link Errno#ENOSYS} where there are no native calls
     */
    public static LinuxSocket openIcmp(boolean ipv6, Kind kind) {
        int type = kind == Kind.RAW ? SysSocket.SOCK_RAW : SysSocket.SOCK_DGRAM;
        String call = "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", " + kind + ")";
        return open(call, ipv6 ? SysSocket.AF_INET6 : SysSocket.AF_INET, type,
                ipv6 ? NetinetIn.IPPROTO_ICMPV6 : NetinetIn.IPPROTO_ICMP);
    }

    /**
     * A link-layer socket ({@code AF_PACKET}, {@code SOCK_DGRAM}: the kernel adds the Ethernet header) that sends
     * ARP requests with {@link #broadcastArp}. Opened with protocol 0, so it receives nothing.
     *
     * @throws NativeException without CAP_NET_RAW (EPERM), or {@link Errno#ENOSYS} where there are no native calls
     */
    public static LinuxSocket openArp() {
        return open("socket(AF_PACKET, SOCK_DGRAM)", SysSocket.AF_PACKET, SysSocket.SOCK_DGRAM, 0);
    }

    /**
     * A raw TCP socket ({@code SOCK_RAW}, {@code IPPROTO_TCP}) of IPv4 or IPv6: it sends TCP segments built by the
     * caller (the kernel adds the IP header; for IPv6 with {@link Option#IPV6_CHECKSUM} it computes the checksum
     * too) and receives a copy of every TCP segment the machine receives (on IPv4 with its IP header, on IPv6
     * without), and with {@link Option#IP_RECVERR} / {@link Option#IPV6_RECVERR} the ICMP errors about segments
     * it sent.
     *
     * @throws NativeException without CAP_NET_RAW (EPERM), or {@link Errno#ENOSYS} where there are no native calls
     */
    public static LinuxSocket openRawTcp(boolean ipv6) {
        String call = "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, IPPROTO_TCP)";
        return open(call, ipv6 ? SysSocket.AF_INET6 : SysSocket.AF_INET, SysSocket.SOCK_RAW, NetinetIn.IPPROTO_TCP);
    }

    /**
     * An unconnected UDP socket of IPv4 or IPv6 on an ephemeral port, which any process may open: it sends datagrams
     * to any address and port ({@link #sendTo(byte[], int, InetAddress, int)}), receives the answers with their
     * source ({@link #receiveUdp}), and with {@link Option#IP_RECVERR} / {@link Option#IPV6_RECVERR} the ICMP errors
     * they drew, each naming the datagram's destination address and port ({@link #receiveError}).
     *
     * @throws NativeException if the kernel refuses (out of descriptors, family unsupported), or {@link Errno#ENOSYS}
     *                         where there are no native calls
     */
    public static LinuxSocket openUdp(boolean ipv6) {
        String call = "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_DGRAM, IPPROTO_UDP)";
        return open(call, ipv6 ? SysSocket.AF_INET6 : SysSocket.AF_INET, SysSocket.SOCK_DGRAM, 0);
    }

    private static LinuxSocket open(String call, int domain, int type, int protocol) {
        if (!Platform.supported()) {
            throw NativeException.unavailable(call);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment state = Downcalls.newCallState(arena);
            int fd = SysSocket.socket(state, domain, type | SysSocket.SOCK_NONBLOCK | SysSocket.SOCK_CLOEXEC, protocol);
            if (fd < 0) {
                throw new NativeException(call, Downcalls.code(state));
            }
            return new LinuxSocket(fd, domain, arena);
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            arena.close();
            throw NativeException.unavailable(call); // no such symbol, or native access refused
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The descriptor, for a {@link Poller}. */
    int fd() {
        return fd;
    }

    /** Sets an integer option. Before sending and receiving start. */
    public Errno setOption(Option option, int value) {
        MemorySegment v = arena.allocate(JAVA_INT);
        v.set(JAVA_INT, 0, value);
        return status(SysSocket.setsockopt(sendState, fd, option.level, option.name, v, (int) v.byteSize()),
                sendState);
    }

    /** Lets only the ICMPv6 types {@code passed} through a raw ICMPv6 socket. Before receiving starts. */
    public Errno setIcmp6Filter(int... passed) {
        MemorySegment filter = arena.allocate(LinuxIcmp.ICMP6_FILTER_LAYOUT);
        LinuxIcmp.icmp6_filter(filter, passed);
        return status(SysSocket.setsockopt(sendState, fd, NetinetIn.IPPROTO_ICMPV6, LinuxIcmp.ICMP6_FILTER, filter,
                (int) filter.byteSize()), sendState);
    }

    /**
     * Keeps only TCP segments to destination port {@code port} (a classic BPF program), for a raw TCP socket.
     * Before receiving starts.
     */
    public Errno filterTcpDestinationPort(int port) {
        MemorySegment program = LinuxFilter.tcpDestinationPort(arena, port, domain == SysSocket.AF_INET);
        return status(SysSocket.setsockopt(sendState, fd, SysSocket.SOL_SOCKET, SysSocket.SO_ATTACH_FILTER, program,
                (int) program.byteSize()), sendState);
    }

    /**
     * Sends {@code length} bytes of {@code packet} to {@code raw} (4 or 16 bytes; IPv6 with {@code scopeId}),
     * port 0. Never blocks. Sender only.
     */
    public Errno sendTo(byte[] packet, int length, byte[] raw, int scopeId) {
        MemorySegment.copy(packet, 0, sendBuffer, JAVA_BYTE, 0, length);
        int addressLength = SockAddr.write(sendAddress, raw, scopeId, 0);
        long n = SysSocket.sendto(sendState, fd, sendBuffer, length, SysSocket.MSG_DONTWAIT, sendAddress,
                addressLength);
        return n < 0 ? Downcalls.errno(sendState) : Errno.NONE;
    }

    /**
     * The source address the kernel gives a packet to {@code destination} (4 or 16 bytes, as the socket's family;
     * IPv6 with {@code scopeId}), asked of the routing table: a connect of this UDP socket, which sends nothing,
     * then its local address, two system calls. On {@link Errno#NONE} {@code source} (as long as the destination)
     * holds the address; otherwise the connect's errno ({@link Errno#ENETUNREACH} without a route, ...). The socket
     * stays connected to the last destination asked, and connects again for the next one. UDP sockets only
     * ({@link #openUdp}); sender only.
     */
    public Errno routeSource(byte[] destination, int scopeId, byte[] source) {
        int addressLength = SockAddr.write(sendAddress, destination, scopeId, 9); // the port does not matter
        if (SysSocket.connect(sendState, fd, sendAddress, addressLength) != 0) {
            return Downcalls.errno(sendState);
        }
        nameLength.set(JAVA_INT, 0, (int) sendAddress.byteSize());
        if (SysSocket.getsockname(sendState, fd, sendAddress, nameLength) != 0) {
            return Downcalls.errno(sendState);
        }
        if (SockAddr.readRaw(sendAddress, source) != destination.length) {
            return Errno.UNKNOWN; // not the family asked for: cannot happen on a socket of that family
        }
        return Errno.NONE;
    }

    /**
     * Reads one message, if there is one, into {@code into} with the address it came from. Returns
     * {@link Errno#NONE} when a message was read, {@link Errno#EAGAIN} when there was none; any other value is a
     * pending socket error reported once (the details wait in the error queue): read again. Receiver only.
     */
    public Errno receive(RawPacket into) {
        receiveAddressLength.set(JAVA_INT, 0, (int) receiveAddress.byteSize());
        long n = SysSocket.recvfrom(receiveState, fd, receiveBuffer, RawPacket.CAPACITY, SysSocket.MSG_DONTWAIT,
                receiveAddress, receiveAddressLength);
        if (n < 0) {
            return Downcalls.errno(receiveState);
        }
        into.length = (int) n;
        MemorySegment.copy(receiveBuffer, JAVA_BYTE, 0, into.data, 0, into.length);
        into.sourceLength = SockAddr.readRaw(receiveAddress, into.source);
        return Errno.NONE;
    }

    /**
     * Sends the packets of {@code batch} from {@link SendBatch#sent()} on, each a message of its own, with as few
     * {@code sendmmsg} calls as the kernel allows, advancing {@link SendBatch#sent()} past each one it took.
     * Returns {@link Errno#NONE} once all are sent; otherwise the errno of the packet at {@link SendBatch#sent()},
     * which was not sent (nor any after it): {@link SendBatch#skip()} it, or stop, and call again for the rest.
     * Never blocks. Sender only.
     */
    public Errno send(SendBatch batch) {
        while (batch.sent() < batch.size()) {
            int from = batch.sent();
            int n = SysSocket.sendmmsg(sendState, fd, batch.header(from), batch.size() - from, SysSocket.MSG_DONTWAIT);
            if (n < 0) {
                return Downcalls.errno(sendState);
            }
            if (n == 0) {
                return Errno.UNKNOWN; // cannot happen: a call that sends nothing fails
            }
            batch.advance(n);
        }
        return Errno.NONE;
    }

    /**
     * Reads up to {@link ReceiveBatch#capacity()} waiting messages with one {@code recvmmsg} call, without waiting.
     * Returns {@link Errno#NONE} when at least one was read ({@link ReceiveBatch#size()} of them),
     * {@link Errno#EAGAIN} when there was none; any other value is a pending socket error reported once (the
     * details wait in the error queue): read again. Receiver only.
     */
    public Errno receive(ReceiveBatch into) {
        into.prepare();
        int n = SysSocket.recvmmsg(receiveState, fd, into.messages(), into.capacity(), SysSocket.MSG_DONTWAIT,
                MemorySegment.NULL);
        if (n < 0) {
            return Downcalls.errno(receiveState);
        }
        into.received(n);
        return n == 0 ? Errno.EAGAIN : Errno.NONE;
    }

    /** Sends {@code length} bytes of {@code packet} to {@code destination} (port 0). Never blocks. Sender only. */
    public Errno sendTo(byte[] packet, int length, InetAddress destination) {
        MemorySegment.copy(packet, 0, sendBuffer, JAVA_BYTE, 0, length);
        int addressLength = SockAddr.write(sendAddress, destination, 0);
        long n = SysSocket.sendto(sendState, fd, sendBuffer, length, SysSocket.MSG_DONTWAIT, sendAddress,
                addressLength);
        return n < 0 ? Downcalls.errno(sendState) : Errno.NONE;
    }

    /**
     * Sends {@code length} bytes of {@code data} as one datagram to {@code destination} port {@code port}. Never
     * blocks. A UDP socket's pending error (an ICMP error that arrived since) may be returned instead, once, with
     * nothing sent: its details wait in the error queue, and sending again sends. Sender only.
     */
    public Errno sendTo(byte[] data, int length, InetAddress destination, int port) {
        MemorySegment.copy(data, 0, sendBuffer, JAVA_BYTE, 0, length);
        int addressLength = SockAddr.write(sendAddress, destination, port);
        long n = SysSocket.sendto(sendState, fd, sendBuffer, length, SysSocket.MSG_DONTWAIT, sendAddress,
                addressLength);
        return n < 0 ? Downcalls.errno(sendState) : Errno.NONE;
    }

    /**
     * Reads one datagram if there is one and hands it to {@code sink} with its source address and port. Returns
     * {@link Errno#NONE} when one was read, {@link Errno#EAGAIN} when there was none; any other value is a pending
     * socket error reported once (the details wait in the error queue): read again. Receiver only.
     */
    public Errno receiveUdp(Consumer<UdpDatagram> sink) {
        return receiveFrom((from, data) -> sink.accept(new UdpDatagram(from, SockAddr.port(receiveAddress), data)));
    }

    /**
     * The one {@code recvfrom} of {@link #receive} and {@link #receiveUdp}: reads one datagram without waiting and
     * hands its bytes to {@code sink} with its source address (while {@link #receiveAddress} still holds it), unless
     * it came from no IP address.
     */
    private Errno receiveFrom(java.util.function.BiConsumer<InetAddress, byte[]> sink) {
        receiveAddressLength.set(JAVA_INT, 0, (int) receiveAddress.byteSize());
        long n = SysSocket.recvfrom(receiveState, fd, receiveBuffer, BUFFER, SysSocket.MSG_DONTWAIT, receiveAddress,
                receiveAddressLength);
        if (n < 0) {
            return Downcalls.errno(receiveState);
        }
        Optional<InetAddress> from = SockAddr.read(receiveAddress);
        if (from.isPresent()) {
            byte[] data = new byte[(int) n];
            MemorySegment.copy(receiveBuffer, JAVA_BYTE, 0, data, 0, data.length);
            sink.accept(from.get(), data);
        }
        return Errno.NONE;
    }

    /**
     * Broadcasts {@code length} bytes of {@code arp} as an ARP frame on the Ethernet link with index
     * {@code ifindex}. Sender only.
     */
    public Errno broadcastArp(byte[] arp, int length, int ifindex) {
        MemorySegment.copy(arp, 0, sendBuffer, JAVA_BYTE, 0, length);
        MemorySegment to = sendAddress.asSlice(0, LinuxIfPacket.SOCKADDR_LL);
        LinuxIfPacket.sockaddr_ll_broadcast(to, LinuxIfPacket.ETH_P_ARP, ifindex);
        long n = SysSocket.sendto(sendState, fd, sendBuffer, length, 0, to, (int) to.byteSize());
        if (n < 0) {
            return Downcalls.errno(sendState);
        }
        return n == length ? Errno.NONE : Errno.EMSGSIZE; // a datagram goes whole or not at all
    }

    /**
     * Reads one message if there is one and hands it to {@code sink} (if it came from an IP address). Returns
     * {@link Errno#NONE} when a message was read, {@link Errno#EAGAIN} when there was none; any other value is a
     * pending socket error reported once (the details wait in the error queue): read again. Receiver only.
     */
    public Errno receive(Consumer<Datagram> sink) {
        return receiveFrom((from, data) -> sink.accept(new Datagram(from, data, data.length)));
    }

    /**
     * Reads one report from the error queue ({@link Option#IP_RECVERR}) and hands the ICMP errors in it to
     * {@code sink}. Returns {@link Errno#NONE} when a report was read, {@link Errno#EAGAIN} when the queue is
     * empty. Receiver only.
     */
    public Errno receiveError(Consumer<IcmpError> sink) {
        receiveAddress.fill((byte) 0);
        control.fill((byte) 0);
        SysSocket.iov_base(iovec, receiveBuffer);
        SysSocket.iov_len(iovec, BUFFER);
        SysSocket.msg_name(msghdr, receiveAddress, (int) receiveAddress.byteSize());
        SysSocket.msg_iov(msghdr, iovec, 1);
        SysSocket.msg_control(msghdr, control, CONTROL);
        SysSocket.msg_flags(msghdr, 0);
        long n = SysSocket.recvmsg(receiveState, fd, msghdr, SysSocket.MSG_ERRQUEUE | SysSocket.MSG_DONTWAIT);
        if (n < 0) {
            return Downcalls.errno(receiveState);
        }
        long controlLength = SysSocket.msg_controllen(msghdr);
        Optional<InetAddress> destination = SockAddr.read(receiveAddress);
        int destinationPort = SockAddr.port(receiveAddress);
        long header = SysSocket.cmsgAlign(SysSocket.CMSGHDR.byteSize());
        long off = 0;
        while (off + header <= controlLength && destination.isPresent()) {
            MemorySegment cmsg = control.asSlice(off, SysSocket.CMSGHDR);
            long cmsgLength = SysSocket.cmsg_len(cmsg);
            int level = SysSocket.cmsg_level(cmsg);
            int type = SysSocket.cmsg_type(cmsg);
            if (cmsgLength < header || off + cmsgLength > controlLength) {
                break;
            }
            boolean recvErr = (level == NetinetIn.IPPROTO_IP && type == NetinetIn.IP_RECVERR)
                    || (level == NetinetIn.IPPROTO_IPV6 && type == NetinetIn.IPV6_RECVERR);
            if (recvErr && cmsgLength >= header + LinuxErrqueue.OFFENDER + SockAddr.IN_SIZE) {
                report(control.asSlice(off + header, cmsgLength - header), n, destination.get(), destinationPort,
                        sink);
            }
            off += SysSocket.cmsgAlign(cmsgLength);
        }
        return Errno.NONE;
    }

    /** Hands the ICMP error in {@code data} ({@code sock_extended_err}, then the offender) to {@code sink}. */
    private void report(MemorySegment data, long quotedLength, InetAddress destination, int destinationPort,
            Consumer<IcmpError> sink) {
        MemorySegment ee = data.asSlice(0, LinuxErrqueue.SOCK_EXTENDED_ERR);
        int origin = LinuxErrqueue.ee_origin(ee);
        if (origin != LinuxErrqueue.SO_EE_ORIGIN_ICMP && origin != LinuxErrqueue.SO_EE_ORIGIN_ICMP6) {
            return;
        }
        Optional<InetAddress> offender = SockAddr.read(data.asSlice(LinuxErrqueue.OFFENDER));
        if (offender.isEmpty()) {
            return;
        }
        int length = (int) Math.min(quotedLength, BUFFER);
        byte[] quoted = new byte[length];
        MemorySegment.copy(receiveBuffer, JAVA_BYTE, 0, quoted, 0, length);
        sink.accept(new IcmpError(offender.get(), destination, LinuxErrqueue.ee_type(ee), LinuxErrqueue.ee_code(ee),
                quoted, length, destinationPort));
    }

    private static Errno status(int rc, MemorySegment state) {
        return rc == 0 ? Errno.NONE : Downcalls.errno(state);
    }

    /** Closes the descriptor and frees native memory. Idempotent; after both threads stopped using it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Unistd.close(receiveState, fd);
        arena.close();
    }
}
