package io.netsweep.portscan;

import io.netsweep.sys.Epoll;
import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.NativeException;
import io.netsweep.sys.RawPacket;
import io.netsweep.sys.ReceiveBatch;
import io.netsweep.sys.SendBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@link ConnectIo} for the SYN scan ({@code -sS}): crafted SYNs sent and answers read on raw TCP sockets (IPv4 and
 * IPv6) through the native layer, with no socket per probe and no connection ever made.
 *
 * <p><b>An attempt</b> is one SYN from the scan's source port, its sequence number the probe's {@link SynCookie}.
 * Every attempt of a probe carries the same number, as TCP's own retransmitted SYN does: the source port is the
 * same too, so an attempt whose SYN-ACK was lost or is late has left the target a half-open connection, and only a
 * SYN with that connection's initial sequence number is taken as a retransmission (answered with the SYN-ACK
 * again). A SYN with any other number in its window is an error to the target, which resets the connection with a
 * RST that acknowledges the new SYN: the open port would be read as closed. The answer ends it (whichever attempt
 * it answers, a late one included): a SYN-ACK that acknowledges it is {@link AttemptOutcome#CONNECTED}
 * (open; the kernel, which knows no such connection, answers the SYN-ACK with a reset, so the target's half-open
 * connection ends at once, as with nmap), a reset that acknowledges it is {@link ProbeVerdict#RESET} (closed), an
 * ICMP destination unreachable that quotes it is filtered with the ICMP's reason, and silence is left to the
 * engine's deadline (filtered after the retries). Every other packet is ignored: one from another address or
 * port, with another acknowledgement number (forged, or a stray answer to someone else), or for a probe already
 * ended (a duplicate).
 *
 * <p><b>The source port</b> is reserved for the scan's lifetime by a TCP socket bound to it on every address and
 * never connected or listening: the kernel gives it to no other socket (a connect's automatic port skips bound
 * ports), so no real connection shares the scan's answers, and a SYN-ACK to it still finds no socket (bound is not
 * listening) and gets the kernel's reset. A classic BPF filter on the raw sockets keeps only segments to that port.
 *
 * <p><b>Addresses.</b> The kernel adds the IP header. An IPv4 checksum covers the source address, so the source the
 * kernel will choose for each host is asked of the routing table once per host (a UDP socket's connect, which sends
 * nothing, and its local address: {@link LinuxSocket#routeSource}); an IPv6 socket computes its checksums itself
 * ({@code IPV6_CHECKSUM}).
 *
 * <p><b>Batches.</b> {@link #start} queues the SYN; the engine {@link #flush flushes} the queue when it is full and
 * at the end of each burst of launches, one {@code sendmmsg} per batch, and answers are read one {@code recvmmsg}
 * per batch: one crossing into the kernel (through the Foreign Function API) per batch instead of one per packet. Each
 * probe is counted in flight and against the rate limit when queued, and the SYNs of each family leave in the order
 * queued (the seeded order). Full batches leave from a sending thread of their own ({@link SynSender}), so that the
 * kernel's work for each SYN and the engine's reading of answers run on two cores.
 *
 * <p>Needs CAP_NET_RAW: {@link #open} is empty without it. Confined to the engine thread except {@link #wakeup}
 * (and the sending thread inside {@link SynSender}).
 */
final class SynIo implements ConnectIo {
    /** Most packets read from one socket per wait, so a flood of answers cannot keep the engine from sending. */
    static final int READ_BATCH = 4096;
    /** SYNs sent with one system call at most. */
    static final int SEND_BATCH = 64;
    /** Answers read with one system call at most. */
    static final int RECEIVE_BATCH = 64;
    /** Bytes kept of each answer read: an IPv4 header and a TCP header of the longest kind. */
    static final int ANSWER_CAPACITY = 128;
    /** The receive buffer asked for: answers to a burst of probes wait here until the engine reads them. */
    static final int RECEIVE_BUFFER = 8 << 20;
    private static final int ICMP_UNREACH = 3;
    private static final int ICMP6_UNREACH = 1;

    private final Arena arena;
    private final Epoll epoll;
    private final LinuxSocket v4;
    private final Optional<LinuxSocket> v6;
    private final SocketChannel reservation;
    private final int sourcePort;
    private final SynCookie cookie;
    private final FlowTable flows4 = new FlowTable();
    private final Map<Flow6, Probe> flows6 = new HashMap<>();
    private final RawPacket packet = new RawPacket();
    private final ReceiveBatch received = new ReceiveBatch(RECEIVE_BATCH, ANSWER_CAPACITY);
    private final SynSender out;
    private final byte[] syn = new byte[TcpSegment.SYN_LENGTH];
    private final Consumer<LinuxSocket.IcmpError> onIcmp4 = e -> icmpError(e, false);
    private final Consumer<LinuxSocket.IcmpError> onIcmp6 = e -> icmpError(e, true);
    /** The UDP socket that asks the routing table for IPv4 source addresses; opened at the first need. */
    private LinuxSocket router;
    private Consumer<Probe> ready;
    /** The engine's handler of SYNs the kernel refused, from its latest {@link #flush}. */
    private BiConsumer<Probe, ConnectFailure> unsent;
    private boolean closed;

    private SynIo(Arena arena, Epoll epoll, LinuxSocket v4, Optional<LinuxSocket> v6, SocketChannel reservation,
            int sourcePort, SynCookie cookie) {
        this.arena = arena;
        this.epoll = epoll;
        this.v4 = v4;
        this.v6 = v6;
        this.reservation = reservation;
        this.sourcePort = sourcePort;
        this.cookie = cookie;
        this.out = new SynSender(v4, v6, epoll::wakeup);
    }

    /**
     * Raw TCP sockets with the source port reserved, or empty where the process may not open raw sockets (no
     * CAP_NET_RAW, another platform, native access refused): the scan is then a connect scan.
     *
     * @throws UncheckedIOException when the source port cannot be reserved or the sockets set up
     */
    /** Every attempt repeats the first SYN (see the class comment): an answer may be to any of them. */
    @Override
    public boolean tellsAttemptsApart() {
        return false;
    }

    static Optional<SynIo> open(SynCookie cookie) {
        LinuxSocket v4;
        try {
            v4 = LinuxSocket.openRawTcp(false);
        } catch (NativeException e) {
            return Optional.empty();
        }
        Arena arena = Arena.ofShared();
        Optional<LinuxSocket> v6 = Optional.empty();
        SocketChannel reservation = null;
        Epoll epoll = null;
        try {
            try {
                v6 = Optional.of(LinuxSocket.openRawTcp(true));
            } catch (NativeException e) {
                // No IPv6 here: probes to IPv6 targets end as local errors.
            }
            reservation = SocketChannel.open(); // dual-stack where IPv6 exists: the port is held for both families
            reservation.bind(new InetSocketAddress(0));
            int port = ((InetSocketAddress) reservation.getLocalAddress()).getPort();
            epoll = Epoll.open(arena);
            setUp(v4, port, epoll, LinuxSocket.Option.IP_RECVERR);
            if (v6.isPresent()) {
                require(v6.get().setOption(LinuxSocket.Option.IPV6_CHECKSUM, 16), "IPV6_CHECKSUM");
                setUp(v6.get(), port, epoll, LinuxSocket.Option.IPV6_RECVERR);
            }
            return Optional.of(new SynIo(arena, epoll, v4, v6, reservation, port, cookie));
        } catch (IOException e) {
            cleanUp(v4, v6, reservation, epoll, arena);
            throw new UncheckedIOException("cannot reserve a source port for the SYN scan", e);
        } catch (RuntimeException e) {
            cleanUp(v4, v6, reservation, epoll, arena);
            throw e;
        }
    }

    private static void setUp(LinuxSocket s, int port, Epoll epoll, LinuxSocket.Option recvErr) {
        require(s.filterTcpDestinationPort(port), "SO_ATTACH_FILTER");
        require(s.setOption(recvErr, 1), recvErr.name());
        if (s.setOption(LinuxSocket.Option.RCVBUFFORCE, RECEIVE_BUFFER) != Errno.NONE) {
            s.setOption(LinuxSocket.Option.RCVBUF, RECEIVE_BUFFER); // capped by net.core.rmem_max
        }
        require(epoll.watchInput(s), "epoll_ctl");
    }

    private static void require(Errno e, String what) {
        if (e != Errno.NONE) {
            throw new NativeException("setsockopt " + what, e);
        }
    }

    private static void cleanUp(LinuxSocket v4, Optional<LinuxSocket> v6, SocketChannel reservation, Epoll epoll,
            Arena arena) {
        if (epoll != null) {
            epoll.close();
        }
        v4.close();
        v6.ifPresent(LinuxSocket::close);
        closeQuietly(reservation);
        arena.close();
    }

    /** The source port of every SYN of this scan. */
    int sourcePort() {
        return sourcePort;
    }

    @Override
    public AttemptOutcome start(Probe p) {
        HostState host = p.host;
        byte[] target = host.rawAddress;
        p.answer = null;
        int seq = cookie.of(target, p.port, sourcePort); // the same for every attempt: see the class comment
        if (target.length == 4) {
            if (host.synSource == null) {
                Optional<byte[]> source = sourceFor(target);
                if (source.isEmpty()) {
                    return ConnectFailure.Decided.of(ProbeVerdict.NET_UNREACH); // no route: nothing was sent
                }
                host.synSource = source.get();
            }
            TcpSegment.writeSyn(syn, sourcePort, p.port, seq, host.synSource, target);
            register(p);
            out.add(p, syn, target, 0);
        } else {
            if (v6.isEmpty()) {
                return ConnectFailure.Decided.of(ProbeVerdict.LOCAL_ERROR);
            }
            TcpSegment.writeSyn(syn, sourcePort, p.port, seq, null, target);
            register(p);
            out.add(p, syn, target, host.address instanceof Inet6Address a ? a.getScopeId() : 0);
        }
        return AttemptOutcome.PENDING; // sent by the next flush
    }

    @Override
    public boolean sendQueueFull() {
        return out.anyFull();
    }

    @Override
    public void flush(BiConsumer<Probe, ConnectFailure> unsent) {
        this.unsent = unsent;
        out.flush(unsent);
    }

    /** What failing to send a SYN means: a full queue is a shortage (later), else a local refusal. */
    static ConnectFailure sendFailure(Errno e) {
        return switch (e) {
            case EAGAIN, ENOBUFS, ENOMEM -> ConnectFailure.SHORTAGE; // the queue is full: later
            default -> FailureClassifier.failedAtOnce(e); // a local route or firewall refused it
        };
    }

    /**
     * The source address the kernel will give a packet to IPv4 address {@code target}, from the routing table (a UDP
     * socket's connect, which sends nothing); empty without a route.
     */
    private Optional<byte[]> sourceFor(byte[] target) {
        if (router == null) {
            try {
                router = LinuxSocket.openUdp(false);
            } catch (NativeException e) {
                return Optional.empty();
            }
        }
        byte[] source = new byte[4];
        return router.routeSource(target, 0, source) == Errno.NONE ? Optional.of(source) : Optional.empty();
    }

    @Override
    public AttemptOutcome finish(Probe p) {
        AttemptOutcome a = p.answer;
        return a == null ? AttemptOutcome.PENDING : a;
    }

    @Override
    public AttemptOutcome finishAtDeadline(Probe p) {
        return finish(p);
    }

    @Override
    public void watch(Probe p) {
        // Answers are read from the raw sockets, whatever probe they end.
    }

    @Override
    public void end(Probe p) {
        p.answer = null;
        if (!p.registered) {
            return;
        }
        p.registered = false;
        byte[] a = p.host.rawAddress;
        if (a.length == 4) {
            unregister4(key4(a, 0, p.port), p);
        } else {
            unregister(flows6, Flow6.of(a, 0, p.port), p);
        }
    }

    @Override
    public boolean isSelfConnect(Probe p) {
        return false; // no connection is made: a SYN-ACK is the listener's
    }

    @Override
    public void await(long timeoutMillis, Consumer<Probe> onReady) throws IOException {
        try {
            epoll.await((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        } catch (NativeException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (unsent != null) {
            out.collect(unsent); // SYNs refused since: before their deadlines
        }
        this.ready = onReady;
        try {
            read(v4, false);
            if (v6.isPresent()) {
                read(v6.get(), true);
            }
        } finally {
            this.ready = null;
        }
    }

    /**
     * Reads up to {@link #READ_BATCH} answers, {@link #RECEIVE_BATCH} a call, and then queued ICMP errors from
     * {@code s}.
     */
    private void read(LinuxSocket s, boolean ipv6) {
        for (int i = 0; i < READ_BATCH; ) {
            Errno e = s.receive(received);
            if (e == Errno.EAGAIN) {
                break;
            }
            if (e != Errno.NONE) {
                i++; // a socket error reported once (its ICMP error waits in the queue below); read on
                continue;
            }
            int n = received.size();
            for (int k = 0; k < n; k++) {
                received.copy(k, packet);
                answer(ipv6);
            }
            i += n;
            if (n < received.capacity()) {
                break; // the queue was empty: the next wait reports what comes later
            }
        }
        for (int i = 0; i < READ_BATCH && s.receiveError(ipv6 ? onIcmp6 : onIcmp4) == Errno.NONE; i++) {
            // each report went to icmpError
        }
    }

    /** A TCP segment to the source port: the answer of the probe it acknowledges, if any. */
    private void answer(boolean ipv6) {
        byte[] b = packet.data();
        int tcp = ipv6 ? 0 : TcpSegment.offsetAfterIpv4Header(b, packet.length());
        if (tcp < 0 || packet.length() < tcp + 20 || TcpSegment.destinationPort(b, tcp) != sourcePort) {
            return;
        }
        int flags = TcpSegment.flags(b, tcp);
        if ((flags & TcpSegment.ACK) == 0) {
            return; // neither a SYN-ACK nor a reset that acknowledges a SYN (our own SYNs come back on loopback)
        }
        boolean reset = (flags & TcpSegment.RST) != 0;
        if (!reset && (flags & TcpSegment.SYN) == 0) {
            return;
        }
        if (ipv6 && packet.sourceLength() != 16) {
            return;
        }
        Probe p = ipv6
                ? find(true, packet.source(), 0, TcpSegment.sourcePort(b, tcp), TcpSegment.ack(b, tcp) - 1)
                : find(false, b, 12, TcpSegment.sourcePort(b, tcp), TcpSegment.ack(b, tcp) - 1); // the IP source
        if (p != null) {
            settle(p, reset ? ConnectFailure.Decided.of(ProbeVerdict.RESET) : AttemptOutcome.CONNECTED);
        }
    }

    /** An ICMP error about a SYN of ours: its quote is the SYN's TCP header. */
    private void icmpError(LinuxSocket.IcmpError e, boolean ipv6) {
        if (e.length() < 8 || TcpSegment.sourcePort(e.quoted(), 0) != sourcePort) {
            return;
        }
        Optional<ProbeVerdict> verdict = ipv6 ? icmp6Verdict(e.type(), e.code()) : icmp4Verdict(e.type(), e.code());
        if (verdict.isEmpty()) {
            return; // not an unreachable (time exceeded, ...): the deadline decides
        }
        byte[] target = e.originalDestination().getAddress();
        if (target.length != (ipv6 ? 16 : 4)) {
            return;
        }
        Probe p = find(ipv6, target, 0, TcpSegment.destinationPort(e.quoted(), 0), TcpSegment.seq(e.quoted(), 0));
        if (p != null) {
            settle(p, ConnectFailure.Decided.of(verdict.get()));
        }
    }

    /** What an ICMP (IPv4) error says of a port, or empty for a type that is not destination unreachable. */
    static Optional<ProbeVerdict> icmp4Verdict(int type, int code) {
        if (type != ICMP_UNREACH) {
            return Optional.empty();
        }
        return Optional.of(switch (code) {
            case 0, 6, 11 -> ProbeVerdict.NET_UNREACH;
            case 3 -> ProbeVerdict.PORT_UNREACH;
            case 9, 10, 13 -> ProbeVerdict.ADMIN_PROHIBITED;
            default -> ProbeVerdict.HOST_UNREACH;
        });
    }

    /** What an ICMPv6 error says of a port, or empty for a type that is not destination unreachable. */
    static Optional<ProbeVerdict> icmp6Verdict(int type, int code) {
        if (type != ICMP6_UNREACH) {
            return Optional.empty();
        }
        return Optional.of(switch (code) {
            case 0 -> ProbeVerdict.NET_UNREACH;
            case 1, 5, 6 -> ProbeVerdict.ADMIN_PROHIBITED;
            case 4 -> ProbeVerdict.PORT_UNREACH;
            default -> ProbeVerdict.HOST_UNREACH;
        });
    }

    /**
     * The probe in flight to {@code address} (4 bytes at {@code at}, or 16 for {@code ipv6}) and {@code port} whose
     * SYNs carry sequence number {@code seq} and that has sent one, or null.
     */
    private Probe find(boolean ipv6, byte[] address, int at, int port, int seq) {
        Probe p = ipv6 ? flows6.get(Flow6.of(address, at, port)) : flows4.get(key4(address, at, port));
        for (; p != null; p = p.sameFlow) {
            if (p.attempts > 0 && seq == cookie.of(p.host.rawAddress, port, sourcePort)) {
                return p;
            }
        }
        return null;
    }

    private void settle(Probe p, AttemptOutcome outcome) {
        if (p.answer != null || ready == null) {
            return; // answered already: a duplicate
        }
        p.answer = outcome;
        ready.accept(p);
    }

    private void register(Probe p) {
        if (p.registered) {
            return;
        }
        p.registered = true;
        byte[] a = p.host.rawAddress;
        Probe first = a.length == 4 ? flows4.put(key4(a, 0, p.port), p) : flows6.put(Flow6.of(a, 0, p.port), p);
        p.sameFlow = first; // the same host submitted twice: both probes answer to the same packets
    }

    private void unregister4(long key, Probe p) {
        Probe head = flows4.get(key);
        if (head == p) {
            if (p.sameFlow == null) {
                flows4.remove(key);
            } else {
                flows4.put(key, p.sameFlow);
            }
        } else {
            for (Probe q = head; q != null; q = q.sameFlow) {
                if (q.sameFlow == p) {
                    q.sameFlow = p.sameFlow;
                    break;
                }
            }
        }
        p.sameFlow = null;
    }

    private static <K> void unregister(Map<K, Probe> flows, K key, Probe p) {
        Probe head = flows.get(key);
        if (head == p) {
            if (p.sameFlow == null) {
                flows.remove(key);
            } else {
                flows.put(key, p.sameFlow);
            }
        } else {
            for (Probe q = head; q != null; q = q.sameFlow) {
                if (q.sameFlow == p) {
                    q.sameFlow = p.sameFlow;
                    break;
                }
            }
        }
        p.sameFlow = null;
    }

    private static long key4(byte[] a, int at, int port) {
        return ((long) TcpSegment.getInt(a, at) & 0xFFFFFFFFL) << 16 | port;
    }

    /** An IPv6 address and port, as a map key. */
    private record Flow6(long high, long low, int port) {
        static Flow6 of(byte[] a, int at, int port) {
            long high = ((long) TcpSegment.getInt(a, at) << 32) | (TcpSegment.getInt(a, at + 4) & 0xFFFFFFFFL);
            long low = ((long) TcpSegment.getInt(a, at + 8) << 32) | (TcpSegment.getInt(a, at + 12) & 0xFFFFFFFFL);
            return new Flow6(high, low, port);
        }
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public int releasing() {
        return 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.close(); // the sending thread stops before the sockets close
        epoll.close();
        v4.close();
        v6.ifPresent(LinuxSocket::close);
        closeQuietly(reservation);
        if (router != null) {
            router.close();
        }
        flows4.clear();
        flows6.clear();
        received.close();
        arena.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Nothing to do: the scan is over.
        }
    }
}
