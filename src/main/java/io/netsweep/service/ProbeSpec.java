package io.netsweep.service;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One probe of the catalogue: what is sent to a port (nothing, a TLS handshake, an HTTP GET, fixed bytes
 * or a coded protocol exchange) and when it is worth sending (port hints, fallback order). Immutable.
 *
 * @param name     unique name, referred to by match entries and suggestions
 * @param kind     what the probe does
 * @param send     for {@link Kind#SEND}: the bytes sent
 * @param path     for {@link Kind#HTTP}: the path of the GET
 * @param exchange for {@link Kind#EXCHANGE}: the coded exchange's name (see {@link CodedExchanges}); for
 *                 {@link Kind#UDP}, a coded UDP exchange's (see {@link UdpExchanges}), or empty for {@code send}
 * @param ports    ports on which this probe is tried early, before fallbacks
 * @param order    rank among fallbacks on ports nothing hinted at (lower first); empty: never a fallback
 * @param line     the answer is complete at the end of a line (else only when the peer pauses or closes)
 */
record ProbeSpec(
        String name, Kind kind, byte[] send, String path, String exchange, Set<Integer> ports, OptionalInt order,
        boolean line) {

    /** What a probe does. */
    enum Kind {
        /** Sends nothing and reads what the service says first. */
        BANNER,
        /** Performs a TLS handshake and reads the certificate; later probes then go through the tunnel. */
        TLS,
        /** Sends an HTTP/1.1 GET of {@link #path()}. */
        HTTP,
        /** Sends {@link #send()} as it is. */
        SEND,
        /** Runs a protocol exchange written in code. */
        EXCHANGE,
        /**
         * Sends one UDP datagram to a UDP port: {@link #send()} (the answer read raw), or the request of the coded
         * UDP exchange {@link #exchange()} (the answer decoded by it, see {@link UdpExchanges}).
         */
        UDP
    }

    static final String BANNER = "banner";
    static final String TLS = "tls";

    ProbeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        send = send == null ? new byte[0] : send.clone();
        path = path == null ? "" : path;
        exchange = exchange == null ? "" : exchange;
        ports = Set.copyOf(ports);
        Objects.requireNonNull(order, "order");
    }

    @Override
    public byte[] send() {
        return send.clone();
    }

    /** Whether the answer to this probe is read as raw bytes (not parsed as HTTP or decoded by code). */
    boolean rawAnswer() {
        return kind == Kind.BANNER || kind == Kind.SEND || kind == Kind.UDP && exchange.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeSpec p && p.name.equals(name) && p.kind == kind && Arrays.equals(p.send, send)
                && p.path.equals(path) && p.exchange.equals(exchange) && p.ports.equals(ports)
                && p.order.equals(order) && p.line == line;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, Arrays.hashCode(send), path, exchange, ports, order, line);
    }

    @Override
    public String toString() {
        return "probe " + name + " (" + kind + ")";
    }
}
