package io.netsweep.portscan;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The final verdict of the connect scan on one port of one host.
 *
 * <p>{@code reason} says what was observed, as a short lower-case label:
 * <ul>
 *   <li>{@code syn-ack}: the handshake completed (open);</li>
 *   <li>{@code conn-refused}: the target reset the connection (closed);</li>
 *   <li>{@code reset}: the target answered a SYN scan's SYN with a reset (closed);</li>
 *   <li>{@code port-unreach}: an ICMP port unreachable answered a SYN scan's SYN (filtered);</li>
 *   <li>{@code syn-ack-every-port}: a SYN scan's open port of a host that answered a SYN-ACK to every port scanned
 *       (at least {@value ConnectScanner#ANSWERS_EVERYTHING_PORTS}): likely a middlebox answering for any port;</li>
 *   <li>{@code no-response}: every attempt timed out (filtered);</li>
 *   <li>{@code host-unreach}, {@code net-unreach}, {@code admin-prohibited}: an ICMP error or a local route or
 *       policy refused the connection (filtered);</li>
 *   <li>{@code self-connect}: every attempt connected the socket to itself on a local address (filtered: nothing
 *       can be said about the port, and it is never reported open);</li>
 *   <li>{@code local-error}: the local stack refused the connection for another reason (filtered).</li>
 * </ul>
 *
 * @param address the host probed
 * @param port    the port probed, 1-65535
 * @param state   open, closed or filtered
 * @param reason  one of the labels above
 * @param rtt     the round-trip time of the answer that decided the state; empty when nothing answered
 */
public record PortProbeResult(InetAddress address, int port, PortState state, String reason, Optional<Duration> rtt) {

    public PortProbeResult {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rtt, "rtt");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }
}
