package io.netsweep.portscan;

import java.util.Locale;

/** What a TCP connect attempt says about a port. */
public enum PortState {
    /** The handshake completed. */
    OPEN,
    /** The target answered with a reset: the host is up, nothing listens. */
    CLOSED,
    /** No answer within the timeout, or an ICMP unreachable: something drops the probe. */
    FILTERED;

    /** Lower-case name as used in every output format. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
