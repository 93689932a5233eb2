package io.netsweep.discovery;

import java.net.InetAddress;
import java.util.Objects;

/** An ICMP or ICMPv6 message relevant to discovery, parsed from the wire. Immutable. */
sealed interface IcmpMessage {

    /** Identifier and sequence number of the echo request this message answers or quotes. */
    int identifier();

    int sequence();

    /**
     * An echo reply (ICMP type 0, ICMPv6 type 129).
     *
     * @param cookie the first 8 payload bytes, which a genuine reply copies from the request
     */
    record EchoReply(int identifier, int sequence, long cookie) implements IcmpMessage {}

    /**
     * A destination-unreachable message (ICMP type 3, ICMPv6 type 1) quoting one of our echo requests.
     *
     * @param originalDestination the destination of the quoted request: the target it concerns
     * @param code                the unreachable code of the message's family
     */
    record Unreachable(InetAddress originalDestination, int identifier, int sequence, boolean ipv6, int code)
            implements IcmpMessage {
        public Unreachable {
            Objects.requireNonNull(originalDestination, "originalDestination");
        }

        /**
         * Whether the code says the host itself cannot be reached (no route, host unreachable,
         * administratively prohibited), as opposed to the host refusing a port or protocol.
         */
        boolean hostUnreachable() {
            if (ipv6) {
                // 0 no route, 1 admin prohibited, 2 beyond scope, 3 address unreachable, 5 policy, 6 reject route
                return code != 4;
            }
            // 0 net, 1 host, 5 source route failed, 6 net unknown, 7 host unknown, 8 isolated,
            // 9/10 net/host prohibited, 11/12 TOS net/host, 13 communication prohibited
            return code != 2 && code != 3 && code != 4 && code != 14 && code != 15;
        }
    }
}
