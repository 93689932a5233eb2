package io.netsweep.udpscan;

import io.netsweep.portscan.PortState;
import java.util.Optional;

/**
 * The verdicts a UDP probe can reach, each with its port state and the reason reported (nmap's labels): an answer
 * is open, ICMP port unreachable from the target closed, any other ICMP destination unreachable filtered, and
 * silence open|filtered.
 */
enum UdpVerdict {
    UDP_RESPONSE(PortState.OPEN, "udp-response"),
    PORT_UNREACH(PortState.CLOSED, "port-unreach"),
    /** A port unreachable sent by another host than the target (a router or firewall on the way): filtered. */
    PORT_UNREACH_ON_PATH(PortState.FILTERED, "port-unreach"),
    NET_UNREACH(PortState.FILTERED, "net-unreach"),
    HOST_UNREACH(PortState.FILTERED, "host-unreach"),
    PROTO_UNREACH(PortState.FILTERED, "proto-unreach"),
    ADMIN_PROHIBITED(PortState.FILTERED, "admin-prohibited"),
    /** The local stack refused to send (a local firewall's reject, no route). */
    LOCAL_ERROR(PortState.FILTERED, "local-error"),
    NO_RESPONSE(PortState.OPEN_FILTERED, "no-response");

    private static final int ICMP_UNREACH = 3;
    private static final int ICMP6_UNREACH = 1;

    private final PortState state;
    private final String label;

    UdpVerdict(PortState state, String label) {
        this.state = state;
        this.label = label;
    }

    PortState state() {
        return state;
    }

    String label() {
        return label;
    }

    /**
     * What an ICMP error about a probe says, if it is a destination unreachable (others, such as time exceeded or
     * fragmentation needed, say nothing about the port). A port unreachable from anyone but the target (a router
     * or firewall on the way) is filtered: only the target's own stack proves the port closed.
     */
    static Optional<UdpVerdict> ofIcmp(boolean v6, int type, int code, boolean fromTarget) {
        if (!v6) {
            if (type != ICMP_UNREACH) {
                return Optional.empty();
            }
            return Optional.ofNullable(switch (code) {
                case 0, 6, 11 -> NET_UNREACH;
                case 1, 7, 12 -> HOST_UNREACH;
                case 2 -> PROTO_UNREACH;
                case 3 -> fromTarget ? PORT_UNREACH : PORT_UNREACH_ON_PATH;
                case 9, 10, 13 -> ADMIN_PROHIBITED;
                default -> null; // 4: fragmentation needed; 5: source route failed
            });
        }
        if (type != ICMP6_UNREACH) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (code) {
            case 0 -> NET_UNREACH;
            case 1, 5, 6 -> ADMIN_PROHIBITED;
            case 3 -> HOST_UNREACH;
            case 4 -> fromTarget ? PORT_UNREACH : PORT_UNREACH_ON_PATH;
            default -> null; // 2: beyond the source's scope
        });
    }
}
