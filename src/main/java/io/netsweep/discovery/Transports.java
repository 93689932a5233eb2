package io.netsweep.discovery;

import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.NativeException;
import io.netsweep.sys.Platform;
import io.netsweep.timing.MonotonicClock;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Opens the transports of the privilege ladder: the forced rung, or the best that opens.
 *
 * @param method the rung for IPv4 (and for IPv6 unless {@code v6} is a TCP fallback)
 * @param v4     the transport for IPv4 targets; empty only for {@link DiscoveryMethod#NONE}
 * @param v6     the transport for IPv6 targets when it differs from {@code v4}
 */
record Transports(DiscoveryMethod method, Optional<Transport> v4, Optional<Transport> v6) {

    static DiscoveryMethod probe() {
        if (!Platform.supported()) {
            return DiscoveryMethod.TCP_CONNECT;
        }
        for (LinuxSocket.Kind kind : LinuxSocket.Kind.values()) {
            try {
                IcmpSocket.open(false, kind).close();
                return kind == LinuxSocket.Kind.RAW ? DiscoveryMethod.ICMP_RAW : DiscoveryMethod.ICMP_DATAGRAM;
            } catch (NativeException e) {
                // Not allowed at this rung: try the next one down.
            }
        }
        return DiscoveryMethod.TCP_CONNECT;
    }

    static Transports open(DiscoveryOptions options) {
        Optional<DiscoveryMethod> forced = options.forcedMethod();
        if (forced.isPresent()) {
            return switch (forced.get()) {
                case NONE -> new Transports(DiscoveryMethod.NONE, Optional.empty(), Optional.empty());
                case TCP_CONNECT -> tcpOnly(options);
                case ICMP_RAW -> icmp(options, LinuxSocket.Kind.RAW);
                case ICMP_DATAGRAM -> icmp(options, LinuxSocket.Kind.DATAGRAM);
            };
        }
        for (LinuxSocket.Kind kind : LinuxSocket.Kind.values()) {
            try {
                return icmp(options, kind);
            } catch (NativeException e) {
                // Not allowed at this rung: try the next one down.
            }
        }
        return tcpOnly(options);
    }

    private static Transports tcpOnly(DiscoveryOptions options) {
        return new Transports(DiscoveryMethod.TCP_CONNECT,
                Optional.of(new TcpTransport(options.tcpPingPorts(), MonotonicClock.system())), Optional.empty());
    }

    private static Transports icmp(DiscoveryOptions options, LinuxSocket.Kind kind) {
        // First, while another thread may still be binding the native calls (NativeUse.prepare).
        SecureRandom random = new SecureRandom();
        IcmpSocket s4 = IcmpSocket.open(false, kind);
        Optional<IcmpSocket> s6;
        try {
            s6 = Optional.of(IcmpSocket.open(true, kind));
        } catch (NativeException e) {
            s6 = Optional.empty(); // IPv6 disabled or not allowed: IPv6 targets fall back to TCP
        }
        IcmpTransport icmp = new IcmpTransport(Optional.of(s4), s6, random.nextInt(), random.nextLong(),
                MonotonicClock.system());
        Optional<Transport> v6 = s6.isPresent() ? Optional.empty()
                : Optional.of(new TcpTransport(options.tcpPingPorts(), MonotonicClock.system()));
        return new Transports(icmp.method(), Optional.of(icmp), v6);
    }
}
