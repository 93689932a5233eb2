package io.netsweep.portscan;

import java.util.Locale;

/** What a scan says about a port: a TCP connect or SYN, or a UDP probe. */
public enum PortState {
    /** TCP: the handshake completed (or a SYN-ACK answered). UDP: the port answered with a datagram. */
    OPEN,
    /** TCP: the target answered with a reset. UDP: an ICMP port unreachable. The host is up, nothing listens. */
    CLOSED,
    /** No answer within the timeout (TCP), or an ICMP unreachable other than UDP's port unreachable. */
    FILTERED,
    /**
     * UDP only: no answer at all while the target was able to send an ICMP error (see {@code udpscan}): a service
     * that ignored the probe, or a firewall that drops it. Labelled {@code open|filtered}, as nmap does.
     */
    OPEN_FILTERED;

    /** Lower-case name as used in every output format: {@code open}, ..., {@code open|filtered}. */
    public String label() {
        return this == OPEN_FILTERED ? "open|filtered" : name().toLowerCase(Locale.ROOT);
    }

    /** The state whose {@link #label()} is {@code label}, if any. */
    public static java.util.Optional<PortState> ofLabel(String label) {
        for (PortState s : values()) {
            if (s.label().equals(label)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
