package io.netsweep.portscan;

/** The final verdicts a probe can reach, each with its port state and the reason label reported. */
enum ProbeVerdict {
    SYN_ACK(PortState.OPEN, "syn-ack"),
    CONN_REFUSED(PortState.CLOSED, "conn-refused"),
    /** The SYN scan's closed: the target answered the SYN with a reset. */
    RESET(PortState.CLOSED, "reset"),
    NO_RESPONSE(PortState.FILTERED, "no-response"),
    HOST_UNREACH(PortState.FILTERED, "host-unreach"),
    NET_UNREACH(PortState.FILTERED, "net-unreach"),
    /** The SYN scan's ICMP port unreachable (a firewall's reject): filtered, as nmap says. */
    PORT_UNREACH(PortState.FILTERED, "port-unreach"),
    ADMIN_PROHIBITED(PortState.FILTERED, "admin-prohibited"),
    SELF_CONNECT(PortState.FILTERED, "self-connect"),
    LOCAL_ERROR(PortState.FILTERED, "local-error");

    private final PortState state;
    private final String label;

    ProbeVerdict(PortState state, String label) {
        this.state = state;
        this.label = label;
    }

    PortState state() {
        return state;
    }

    String label() {
        return label;
    }

    /** Whether the target itself answered (open or closed): such answers measure the round-trip time. */
    boolean isTargetAnswer() {
        return this == SYN_ACK || this == CONN_REFUSED || this == RESET;
    }
}
