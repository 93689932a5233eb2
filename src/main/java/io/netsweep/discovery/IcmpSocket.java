package io.netsweep.discovery;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One native ICMP (IPv4) or ICMPv6 socket, raw or unprivileged datagram, non-blocking.
 *
 * <p>Threading: {@link #send} is called by one thread (the sender), {@link #receive} and
 * {@link #receiveError} by one other thread (the receiver); each side has its own native memory.
 * {@link #close} only after both have stopped using it.
 */
final class IcmpSocket implements AutoCloseable {

    /** The two socket kinds of the privilege ladder. */
    enum Kind { RAW, DATAGRAM }

    /** A message read from the socket, with its sender. */
    record Datagram(InetAddress from, byte[] data, int length) {}

    /**
     * An ICMP error the kernel matched to one of this socket's requests ({@code IP_RECVERR}).
     *
     * @param offender            who sent the ICMP error
     * @param originalDestination where the quoted request was going
     * @param quoted              the quoted request (ICMP header first)
     */
    record ErrorReport(InetAddress offender, InetAddress originalDestination, int type, int code,
                       byte[] quoted, int length) {}

    private static final int BUFFER = 2048;
    private static final int CONTROL = 512;
    private static final int SO_EE_ORIGIN_ICMP = 2;
    private static final int SO_EE_ORIGIN_ICMP6 = 3;

    private final Libc libc;
    private final int fd;
    private final boolean ipv6;
    private final Kind kind;
    private final Arena arena;
    private final MemorySegment sendState;
    private final MemorySegment sendBuf;
    private final MemorySegment sendAddr;
    private final MemorySegment recvState;
    private final MemorySegment recvBuf;
    private final MemorySegment recvAddr;
    private final MemorySegment recvAddrLen;
    private final MemorySegment msghdr;
    private final MemorySegment iov;
    private final MemorySegment control;
    private boolean closed;

    private IcmpSocket(Libc libc, int fd, boolean ipv6, Kind kind, Arena arena) {
        this.libc = libc;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.kind = kind;
        this.arena = arena;
        sendState = Libc.newCallState(arena);
        sendBuf = arena.allocate(BUFFER, 8);
        sendAddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        recvState = Libc.newCallState(arena);
        recvBuf = arena.allocate(BUFFER, 8);
        recvAddr = arena.allocate(SockAddr.STORAGE_SIZE, 8);
        recvAddrLen = arena.allocate(ValueLayout.JAVA_INT);
        msghdr = arena.allocate(56, 8);
        iov = arena.allocate(16, 8);
        control = arena.allocate(CONTROL, 8);
    }

    /**
     * Opens a non-blocking socket of {@code kind} for the family.
     *
     * @throws NativeSocketException if the kernel refuses (no privilege, family unsupported)
     */
    static IcmpSocket open(Libc libc, boolean ipv6, Kind kind) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment state = Libc.newCallState(arena);
            int family = ipv6 ? Libc.AF_INET6 : Libc.AF_INET;
            int protocol = ipv6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP;
            int type = (kind == Kind.RAW ? Libc.SOCK_RAW : Libc.SOCK_DGRAM) | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC;
            int fd = libc.socket(state, family, type, protocol);
            if (fd < 0) {
                throw new NativeSocketException("socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", " + kind + ")",
                        Libc.errno(state));
            }
            IcmpSocket socket = new IcmpSocket(libc, fd, ipv6, kind, arena);
            try {
                socket.configure(state);
            } catch (RuntimeException e) {
                libc.close(state, fd);
                throw e;
            }
            return socket;
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private void configure(MemorySegment state) {
        // Bigger buffers: replies to a fast sweep must not be dropped, and every probe to a neighbor
        // that is still being resolved (ARP/NDP, up to 3 s for an empty address) stays charged to
        // the send buffer until then. The FORCE variants need CAP_NET_ADMIN; else the sysctl caps apply.
        if (!setInt(state, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 4 << 20)) {
            setInt(state, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 4 << 20);
        }
        if (!setInt(state, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, 8 << 20)) {
            setInt(state, Libc.SOL_SOCKET, Libc.SO_SNDBUF, 8 << 20);
        }
        if (kind == Kind.DATAGRAM) {
            // Without RECVERR an unconnected ping socket silently drops ICMP errors.
            boolean ok = ipv6 ? setInt(state, Libc.IPPROTO_IPV6, Libc.IPV6_RECVERR, 1)
                    : setInt(state, Libc.IPPROTO_IP, Libc.IP_RECVERR, 1);
            if (!ok) {
                throw new NativeSocketException("setsockopt(RECVERR)", Libc.errno(state));
            }
        } else if (ipv6) {
            // Let only echo replies and unreachables through (a set bit blocks a type).
            MemorySegment filter = arena.allocate(32, 4);
            filter.fill((byte) 0xFF);
            pass(filter, IcmpPacket.ECHO_REPLY_V6);
            pass(filter, IcmpPacket.UNREACHABLE_V6);
            libc.setsockopt(state, fd, Libc.IPPROTO_ICMPV6, Libc.ICMP6_FILTER, filter, 32);
        } else {
            int mask = ~((1 << IcmpPacket.ECHO_REPLY_V4) | (1 << IcmpPacket.UNREACHABLE_V4));
            setInt(state, Libc.SOL_RAW, Libc.ICMP_FILTER, mask);
        }
    }

    private static void pass(MemorySegment filter, int type) {
        long off = (type >>> 5) * 4L;
        int word = filter.get(ValueLayout.JAVA_INT, off);
        filter.set(ValueLayout.JAVA_INT, off, word & ~(1 << (type & 31)));
    }

    private boolean setInt(MemorySegment state, int level, int name, int value) {
        MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, value);
        return libc.setsockopt(state, fd, level, name, v, 4) == 0;
    }

    int fd() {
        return fd;
    }

    boolean ipv6() {
        return ipv6;
    }

    Kind kind() {
        return kind;
    }

    /** Sends one packet; returns 0, or the errno of the failure. Never blocks. Sender thread only. */
    int send(InetAddress destination, byte[] packet) {
        MemorySegment.copy(packet, 0, sendBuf, ValueLayout.JAVA_BYTE, 0, packet.length);
        int addrLen = SockAddr.write(sendAddr, destination);
        long n = libc.sendto(sendState, fd, sendBuf, packet.length, Libc.MSG_DONTWAIT, sendAddr, addrLen);
        return n < 0 ? Libc.errno(sendState) : 0;
    }

    /**
     * Reads one message if there is one and hands it to {@code sink}. Returns false when nothing
     * is left to read. Receiver thread only.
     */
    boolean receive(Consumer<Datagram> sink) {
        recvAddrLen.set(ValueLayout.JAVA_INT, 0, SockAddr.STORAGE_SIZE);
        long n = libc.recvfrom(recvState, fd, recvBuf, BUFFER, Libc.MSG_DONTWAIT, recvAddr, recvAddrLen);
        if (n < 0) {
            Errno e = Errno.of(Libc.errno(recvState));
            // A pending socket error (datagram sockets with RECVERR) is reported once, then cleared;
            // the details wait in the error queue. Anything but "nothing to read" means: try again.
            return e != Errno.EAGAIN;
        }
        Optional<InetAddress> from = SockAddr.read(recvAddr);
        if (from.isPresent()) {
            int len = (int) n;
            byte[] data = new byte[len];
            MemorySegment.copy(recvBuf, ValueLayout.JAVA_BYTE, 0, data, 0, len);
            sink.accept(new Datagram(from.get(), data, len));
        }
        return true;
    }

    /**
     * Reads one report from the error queue (datagram sockets only) and hands ICMP ones to
     * {@code sink}. Returns false when the queue is empty. Receiver thread only.
     */
    boolean receiveError(Consumer<ErrorReport> sink) {
        recvAddr.fill((byte) 0);
        control.fill((byte) 0);
        iov.set(ValueLayout.ADDRESS, 0, recvBuf);
        iov.set(ValueLayout.JAVA_LONG, 8, BUFFER);
        msghdr.set(ValueLayout.ADDRESS, 0, recvAddr);
        msghdr.set(ValueLayout.JAVA_INT, 8, SockAddr.STORAGE_SIZE);
        msghdr.set(ValueLayout.ADDRESS, 16, iov);
        msghdr.set(ValueLayout.JAVA_LONG, 24, 1L);
        msghdr.set(ValueLayout.ADDRESS, 32, control);
        msghdr.set(ValueLayout.JAVA_LONG, 40, CONTROL);
        msghdr.set(ValueLayout.JAVA_INT, 48, 0);
        long n = libc.recvmsg(recvState, fd, msghdr, Libc.MSG_ERRQUEUE | Libc.MSG_DONTWAIT);
        if (n < 0) {
            return Errno.of(Libc.errno(recvState)) != Errno.EAGAIN;
        }
        long controlLen = msghdr.get(ValueLayout.JAVA_LONG, 40);
        Optional<InetAddress> destination = SockAddr.read(recvAddr);
        long off = 0;
        while (off + 16 <= controlLen && destination.isPresent()) {
            long cmsgLen = control.get(ValueLayout.JAVA_LONG, off);
            int level = control.get(ValueLayout.JAVA_INT, off + 8);
            int type = control.get(ValueLayout.JAVA_INT, off + 12);
            if (cmsgLen < 16 || off + cmsgLen > controlLen) {
                break;
            }
            boolean recvErr = (level == Libc.IPPROTO_IP && type == Libc.IP_RECVERR)
                    || (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_RECVERR);
            if (recvErr && cmsgLen >= 16 + 16 + 4) {
                long ee = off + 16;
                int origin = control.get(ValueLayout.JAVA_BYTE, ee + 4) & 0xFF;
                int eeType = control.get(ValueLayout.JAVA_BYTE, ee + 5) & 0xFF;
                int eeCode = control.get(ValueLayout.JAVA_BYTE, ee + 6) & 0xFF;
                Optional<InetAddress> offender = SockAddr.read(control.asSlice(ee + 16, cmsgLen - 32));
                if ((origin == SO_EE_ORIGIN_ICMP || origin == SO_EE_ORIGIN_ICMP6) && offender.isPresent()) {
                    int len = (int) Math.min(n, BUFFER);
                    byte[] quoted = new byte[len];
                    MemorySegment.copy(recvBuf, ValueLayout.JAVA_BYTE, 0, quoted, 0, len);
                    sink.accept(new ErrorReport(offender.get(), destination.get(), eeType, eeCode, quoted, len));
                }
            }
            off += (cmsgLen + 7) & ~7L;
        }
        return true;
    }

    /** Closes the descriptor and frees native memory. Idempotent; call after both threads stopped. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        libc.close(recvState, fd);
        arena.close();
    }
}
