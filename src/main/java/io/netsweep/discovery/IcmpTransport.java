package io.netsweep.discovery;

import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.Poller;
import io.netsweep.timing.MonotonicClock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ICMP echo (IPv4) and ICMPv6 echo, one socket per family, raw or unprivileged datagram.
 *
 * <p>Matching: an echo reply counts only with our identifier (raw sockets; the kernel demultiplexes
 * datagram sockets by the identifier it assigned) and our per-sweep cookie in the payload; the sink
 * then checks the source address and sequence number against the probes outstanding. A
 * destination-unreachable counts only if it quotes one of our requests (identifier, sequence,
 * destination). Anything else (strays, forgeries, duplicates) changes nothing.
 *
 * <p>Threading: see {@link Transport}; one receiver thread polls both sockets. Reading a socket (by the receiver,
 * or by {@link #drain} on the sender thread) holds {@code reading}: a socket's receive buffers are not shared.
 */
final class IcmpTransport implements Transport {
    private static final int POLL_MILLIS = 20;
    /** Messages read from one socket in one go, so the other socket and a stop are not kept waiting. */
    private static final int READ_BUDGET = 4096;

    private final DiscoveryMethod method;
    private final Optional<IcmpSocket> v4;
    private final Optional<IcmpSocket> v6;
    private final int identifier;
    private final long cookie;
    private final MonotonicClock clock;
    private final List<IcmpSocket> sockets;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean stopped;
    private Thread receiver;

    IcmpTransport(Optional<IcmpSocket> v4, Optional<IcmpSocket> v6, int identifier, long cookie,
                  MonotonicClock clock) {
        if (v4.isEmpty() && v6.isEmpty()) {
            throw new IllegalArgumentException("no socket");
        }
        this.v4 = v4;
        this.v6 = v6;
        LinuxSocket.Kind kind = v4.or(() -> v6).orElseThrow().kind();
        this.method = kind == LinuxSocket.Kind.RAW ? DiscoveryMethod.ICMP_RAW : DiscoveryMethod.ICMP_DATAGRAM;
        this.identifier = identifier & 0xFFFF;
        this.cookie = cookie;
        this.clock = clock;
        this.sockets = List.of(v4, v6).stream().flatMap(Optional::stream).toList();
        warmUp((target, sequence, answer, nanos) -> { });
    }

    @Override
    public DiscoveryMethod method() {
        return method;
    }

    @Override
    public int probesPerSend() {
        return 1;
    }

    @Override
    public void start(Sink sink) {
        CountDownLatch polling = new CountDownLatch(1);
        receiver = Thread.ofPlatform().daemon().name("netsweep-icmp-rx").start(() -> receive(sink, polling));
        try {
            // Send nothing before the receiver polls: its first answers would be timed late.
            polling.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the receive path on made-up replies (into a sink that drops them), so class loading and
     * linking are done before the first real answer is timed.
     */
    private void warmUp(Sink sink) {
        InetAddress nowhere = InetAddress.getLoopbackAddress();
        for (IcmpSocket s : sockets) {
            byte[] icmp = IcmpPacket.echoRequest(s.ipv6(), identifier, 0, cookie, 0);
            icmp[0] = (byte) (s.ipv6() ? IcmpPacket.ECHO_REPLY_V6 : IcmpPacket.ECHO_REPLY_V4);
            icmp[2] = 0;
            icmp[3] = 0;
            int sum = IcmpPacket.checksum(icmp, 0, icmp.length);
            icmp[2] = (byte) (sum >>> 8);
            icmp[3] = (byte) sum;
            byte[] data = icmp;
            if (!s.ipv6() && s.kind() == LinuxSocket.Kind.RAW) {
                data = new byte[20 + icmp.length];
                data[0] = 0x45;
                data[3] = (byte) data.length;
                data[9] = (byte) IcmpPacket.PROTOCOL_ICMP;
                System.arraycopy(icmp, 0, data, 20, icmp.length);
            }
            onDatagram(s, new LinuxSocket.Datagram(nowhere, data, data.length), sink);
        }
    }

    @Override
    public SendOutcome send(InetAddress target, int sequence) {
        boolean ipv6 = target.getAddress().length == 16;
        IcmpSocket socket = (ipv6 ? v6 : v4).orElseThrow(() -> new IllegalStateException("no socket for " + target));
        byte[] packet = IcmpPacket.echoRequest(ipv6, identifier, sequence, cookie, sequence);
        return outcomeOfSend(socket.send(target, packet));
    }

    /**
     * What a send's errno means: the destination cannot be reached from here (no route, a broadcast address, a
     * local firewall), or local congestion (ENOBUFS, EAGAIN, and whatever else), which is retried later.
     */
    static SendOutcome outcomeOfSend(Errno e) {
        return switch (e) {
            case NONE -> SENT;
            case ENETUNREACH, ENETDOWN -> new SendOutcome.Immediate(Answer.NET_UNREACHABLE);
            // EACCES: a broadcast address (we never set SO_BROADCAST); EPERM: a local firewall rejects it.
            case EHOSTUNREACH, EHOSTDOWN, EACCES, EPERM, EADDRNOTAVAIL ->
                    new SendOutcome.Immediate(new Answer(false, "send-" + e.name().toLowerCase(Locale.ROOT)));
            case EINTR, EAGAIN, ENOMEM, EINVAL, ENFILE, EMFILE, ENOSYS, ENONET, EMSGSIZE, ENOPROTOOPT, EPROTONOSUPPORT,
                    ESOCKTNOSUPPORT, EOPNOTSUPP, EAFNOSUPPORT, EADDRINUSE, ECONNABORTED, ECONNRESET, ENOBUFS, EISCONN,
                    ETIMEDOUT, ECONNREFUSED, EALREADY, EINPROGRESS, UNKNOWN -> RETRY_LATER;
        };
    }

    @Override
    public void release(InetAddress target) {
        // Nothing is held per target.
    }

    @Override
    public void drain(Sink sink) {
        reading.lock();
        try {
            for (IcmpSocket s : sockets) {
                read(s, true, sink);
            }
        } finally {
            reading.unlock();
        }
    }

    private void receive(Sink sink, CountDownLatch polling) {
        try (Poller poller = new Poller(sockets.stream().map(IcmpSocket::socket).toList())) {
            poller.await(0);
            polling.countDown();
            while (!stopped) {
                if (poller.await(POLL_MILLIS) == 0) {
                    continue;
                }
                reading.lock();
                try {
                    for (int i = 0; i < sockets.size(); i++) {
                        if (poller.readable(i) || poller.errored(i)) {
                            read(sockets.get(i), poller.errored(i), sink);
                        }
                    }
                } finally {
                    reading.unlock();
                }
            }
        }
    }

    /** Reads what waits in one socket (its error queue too, if {@code errors}), up to a budget; holds {@code reading}. */
    private void read(IcmpSocket s, boolean errors, Sink sink) {
        if (errors && s.kind() == LinuxSocket.Kind.DATAGRAM) {
            while (!stopped && s.receiveError(r -> onError(s, r, sink))) {
                // drain the error queue
            }
        }
        int budget = READ_BUDGET;
        while (!stopped && budget-- > 0 && s.receive(d -> onDatagram(s, d, sink))) {
            // drain
        }
    }

    private void onDatagram(IcmpSocket socket, LinuxSocket.Datagram d, Sink sink) {
        long now = clock.nanoTime();
        Optional<IcmpMessage> parsed;
        if (socket.ipv6()) {
            parsed = IcmpPacket.parseIcmpV6(d.data(), d.length());
        } else if (socket.kind() == LinuxSocket.Kind.RAW) {
            parsed = IcmpPacket.parseIpv4Datagram(d.data(), d.length());
        } else {
            parsed = IcmpPacket.parseIcmpV4(d.data(), d.length());
        }
        parsed.flatMap(m -> classify(m, d.from(), socket.kind()))
                .ifPresent(t -> sink.answer(t.target(), t.sequence(), t.answer(), now));
    }

    private void onError(IcmpSocket socket, LinuxSocket.IcmpError r, Sink sink) {
        long now = clock.nanoTime();
        int unreachableType = socket.ipv6() ? IcmpPacket.UNREACHABLE_V6 : IcmpPacket.UNREACHABLE_V4;
        if (r.type() != unreachableType) {
            return;
        }
        IcmpPacket.parseQuotedRequest(r.quoted(), r.length(), socket.ipv6(), r.code(), r.originalDestination())
                .flatMap(m -> classify(m, r.offender(), socket.kind()))
                .ifPresent(t -> sink.answer(t.target(), t.sequence(), t.answer(), now));
    }

    /** An answer about a target, derived from one message. */
    record Verdict(InetAddress target, int sequence, Answer answer) {}

    /**
     * Decides what a parsed message says, before the sink checks the probe is outstanding.
     * Pure, for tests: {@code checkIdentifier} is false for datagram sockets, where the kernel
     * rewrites the identifier and delivers only our own replies.
     */
    static Optional<Verdict> verdict(IcmpMessage m, InetAddress responder, boolean checkIdentifier, int identifier,
                                     long cookie) {
        if (checkIdentifier && m.identifier() != (identifier & 0xFFFF)) {
            return Optional.empty();
        }
        return switch (m) {
            case IcmpMessage.EchoReply echo -> echo.cookie() == cookie
                    ? Optional.of(new Verdict(responder, echo.sequence(), Answer.ECHO))
                    : Optional.empty();
            case IcmpMessage.Unreachable u -> {
                if (u.originalDestination().equals(responder)) {
                    yield Optional.of(new Verdict(responder, u.sequence(), Answer.UNREACHABLE_FROM_TARGET));
                }
                yield u.hostUnreachable()
                        ? Optional.of(new Verdict(u.originalDestination(), u.sequence(), Answer.HOST_UNREACHABLE))
                        : Optional.empty();
            }
        };
    }

    private Optional<Verdict> classify(IcmpMessage m, InetAddress responder, LinuxSocket.Kind kind) {
        return verdict(m, responder, kind == LinuxSocket.Kind.RAW, identifier, cookie);
    }

    @Override
    public void close() {
        stopped = true;
        if (receiver != null) {
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (receiver == null || !receiver.isAlive()) {
            v4.ifPresent(IcmpSocket::close);
            v6.ifPresent(IcmpSocket::close);
        }
    }
}
