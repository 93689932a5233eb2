package io.netsweep.discovery;

import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.NativeException;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * One ICMP (IPv4) or ICMPv6 socket of the native layer, raw or unprivileged datagram, configured for a sweep:
 * big buffers, ICMP errors queued for datagram sockets, and only echo replies and unreachables let through raw
 * ones.
 *
 * <p>Threading: {@link #send} is called by one thread (the sender), {@link #receive} and {@link #receiveError}
 * by one other thread (the receiver). {@link #close} only after both have stopped using it.
 */
final class IcmpSocket implements AutoCloseable {
    private final LinuxSocket socket;
    private final boolean ipv6;
    private final LinuxSocket.Kind kind;

    private IcmpSocket(LinuxSocket socket, boolean ipv6, LinuxSocket.Kind kind) {
        this.socket = socket;
        this.ipv6 = ipv6;
        this.kind = kind;
    }

    /**
     * Opens a non-blocking socket of {@code kind} for the family.
     *
     * @throws NativeException if the kernel refuses (no privilege, family unsupported)
     */
    static IcmpSocket open(boolean ipv6, LinuxSocket.Kind kind) {
        LinuxSocket s = LinuxSocket.openIcmp(ipv6, kind);
        try {
            configure(s, ipv6, kind);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return new IcmpSocket(s, ipv6, kind);
    }

    private static void configure(LinuxSocket s, boolean ipv6, LinuxSocket.Kind kind) {
        // Bigger buffers: replies to a fast sweep must not be dropped, and every probe to a neighbor
        // that is still being resolved (ARP/NDP, up to 3 s for an empty address) stays charged to
        // the send buffer until then. The FORCE variants need CAP_NET_ADMIN; else the sysctl caps apply.
        if (s.setOption(LinuxSocket.Option.RCVBUFFORCE, 4 << 20) != Errno.NONE) {
            s.setOption(LinuxSocket.Option.RCVBUF, 4 << 20);
        }
        if (s.setOption(LinuxSocket.Option.SNDBUFFORCE, 8 << 20) != Errno.NONE) {
            s.setOption(LinuxSocket.Option.SNDBUF, 8 << 20);
        }
        if (kind == LinuxSocket.Kind.DATAGRAM) {
            // Without RECVERR an unconnected ping socket silently drops ICMP errors.
            Errno e = s.setOption(ipv6 ? LinuxSocket.Option.IPV6_RECVERR : LinuxSocket.Option.IP_RECVERR, 1);
            if (e != Errno.NONE) {
                throw new NativeException("setsockopt(RECVERR)", e);
            }
        } else if (ipv6) {
            s.setIcmp6Filter(IcmpPacket.ECHO_REPLY_V6, IcmpPacket.UNREACHABLE_V6);
        } else {
            s.setOption(LinuxSocket.Option.ICMP_FILTER,
                    ~((1 << IcmpPacket.ECHO_REPLY_V4) | (1 << IcmpPacket.UNREACHABLE_V4))); // a set bit blocks a type
        }
    }

    LinuxSocket socket() {
        return socket;
    }

    boolean ipv6() {
        return ipv6;
    }

    LinuxSocket.Kind kind() {
        return kind;
    }

    /** Sends one packet; returns {@link Errno#NONE}, or why it could not go. Never blocks. Sender thread only. */
    Errno send(InetAddress destination, byte[] packet) {
        return socket.sendTo(packet, packet.length, destination);
    }

    /**
     * Reads one message if there is one and hands it to {@code sink}. Returns false when nothing is left to
     * read. Receiver thread only.
     */
    boolean receive(Consumer<LinuxSocket.Datagram> sink) {
        // A pending socket error (datagram sockets with RECVERR) is reported once, then cleared; the details
        // wait in the error queue. Anything but "nothing to read" means: try again.
        return socket.receive(sink) != Errno.EAGAIN;
    }

    /**
     * Reads one report from the error queue (datagram sockets only) and hands ICMP ones to {@code sink}.
     * Returns false when the queue is empty. Receiver thread only.
     */
    boolean receiveError(Consumer<LinuxSocket.IcmpError> sink) {
        return socket.receiveError(sink) != Errno.EAGAIN;
    }

    /** Closes the descriptor and frees native memory. Idempotent; call after both threads stopped. */
    @Override
    public void close() {
        socket.close();
    }
}
