package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.NativeException;
import io.netsweep.sys.Poller;
import io.netsweep.testing.Prerequisites;
import io.netsweep.testing.SimulatedClock;
import io.netsweep.timing.MonotonicClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A host whose answer is already in the transport's socket, unread, when its last timeout passes is up: the
 * sweep reads what waits before it gives a target up. The receiver threads of these real transports are never
 * started (a reader held back as long as can be, as a loaded machine may hold it), and simulated time passes
 * the timeout only once the answer is known to have arrived, so each sweep is decided by the deadline with the
 * answer waiting, every run.
 */
class LateAnswerTest {
    private static final InetAddress LO4 = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress LO6 = InetAddress.ofLiteral("::1");
    private static final Duration TIMEOUT = Duration.ofMillis(50);
    private static final long ARRIVAL_DEADLINE_MILLIS = 10_000;

    /** Simulated time that does not move until {@code arrived} holds: then every wait passes at once. */
    private static final class AfterArrival implements MonotonicClock {
        private final SimulatedClock time = new SimulatedClock(0);
        private final Arrival arrived;
        private boolean waited;

        AfterArrival(Arrival arrived) {
            this.arrived = arrived;
        }

        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public void parkNanos(long nanos) {
            if (!waited) {
                assertThat(arrived.await()).as("the answers arrived").isTrue();
                waited = true;
            }
            time.parkNanos(nanos);
        }
    }

    /** A wait, up to a deadline, for the answers to be in the sockets. */
    @FunctionalInterface
    private interface Arrival {
        boolean await();
    }

    @Test
    void anEchoReplyWaitingUnreadAtTheLastTimeoutMakesTheHostUp() {
        List<IcmpSocket> sockets = new ArrayList<>();
        LinuxSocket.Kind kind = openable().orElse(null);
        Prerequisites.require(kind != null, "an ICMP socket (CAP_NET_RAW or net.ipv4.ping_group_range)");
        sockets.add(IcmpSocket.open(false, kind));
        try {
            sockets.add(IcmpSocket.open(true, kind));
        } catch (NativeException e) {
            // No IPv6 here: the IPv4 target alone shows it.
        }
        Optional<IcmpSocket> v6 = sockets.size() > 1 ? Optional.of(sockets.get(1)) : Optional.empty();
        List<InetAddress> targets = v6.isPresent() ? List.of(LO4, LO6) : List.of(LO4);
        AfterArrival clock = new AfterArrival(() -> everyReadable(sockets));
        try (IcmpTransport icmp = new IcmpTransport(Optional.of(sockets.getFirst()), v6, 0x4242, 0x1234_5678_9abcL,
                clock)) {
            Map<InetAddress, String> verdicts = sweep(icmp, clock, targets);

            assertThat(verdicts).containsOnlyKeys(targets).allSatisfy((address, verdict) ->
                    assertThat(verdict).as(address.getHostAddress()).isEqualTo("up: icmp-echo"));
        }
    }

    @Test
    void aConnectAcceptedButNotYetSeenAtTheLastTimeoutMakesTheHostUp() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(LO4, 0));
            listener.setSoTimeout((int) ARRIVAL_DEADLINE_MILLIS);
            List<Socket> accepted = new ArrayList<>();
            // Accepted means the handshake is done: the SYN-ACK is in, waiting for the transport to see it.
            AfterArrival clock = new AfterArrival(() -> {
                try {
                    accepted.add(listener.accept());
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            try (TcpTransport tcp = new TcpTransport(List.of(listener.getLocalPort()), clock)) {
                Map<InetAddress, String> verdicts = sweep(tcp, clock, List.of(LO4));

                assertThat(verdicts).containsExactly(Map.entry(LO4, "up: tcp-syn-ack"));
            } finally {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    private static Optional<LinuxSocket.Kind> openable() {
        for (LinuxSocket.Kind kind : LinuxSocket.Kind.values()) {
            try {
                IcmpSocket.open(false, kind).close();
                return Optional.of(kind);
            } catch (NativeException e) {
                // not allowed at this rung
            }
        }
        return Optional.empty();
    }

    private static boolean everyReadable(List<IcmpSocket> sockets) {
        for (IcmpSocket s : sockets) {
            try (Poller p = new Poller(List.of(s.socket()))) {
                if (p.await((int) ARRIVAL_DEADLINE_MILLIS) == 0 || !p.readable(0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One sweep, no retries, on the calling thread; the verdict of each target ("up: reason" or "down"). */
    private static Map<InetAddress, String> sweep(Transport transport, MonotonicClock clock,
                                                  List<InetAddress> targets) {
        Map<InetAddress, String> verdicts = new ConcurrentHashMap<>();
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                verdicts.put(host.address(), "up: " + host.reason());
            }

            @Override
            public void onHostDown(InetAddress address) {
                verdicts.put(address, "down");
            }
        };
        DiscoveryOptions o = DiscoveryOptions.defaults().withReadNeighbors(false).withRetries(0)
                .withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT).withRate(0);
        HostEmitter emitter = new HostEmitter(listener, ipv6 -> NeighborTable.empty(), OuiRegistry.bundled(),
                LocalNetworks.none(), false, clock);
        SweepEngine engine = new SweepEngine(o, transport, transport, LocalNetworks.none(), NeighborSolicitor.NONE,
                emitter, clock, 7);
        // The transport's receiver is not started: only the sweep itself can read the answers.
        engine.run(targets.iterator());
        emitter.submitEnd();
        try {
            emitter.run(); // on this thread: everything is queued, and the end ends it
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return Map.copyOf(verdicts);
    }
}
