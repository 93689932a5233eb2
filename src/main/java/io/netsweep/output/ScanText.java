package io.netsweep.output;

import io.netsweep.scan.ScanEvent.Started;
import java.util.Optional;

/** How every output names the TCP scan that runs, and says when {@code -sS} fell back to connect. Stateless. */
final class ScanText {
    /** What the scan fell back from, and why. */
    static final String SYN_UNAVAILABLE = "-sS needs root or CAP_NET_RAW: connect scan instead";

    private ScanText() {}

    /**
     * {@code syn scan}, {@code connect scan}, or the connect scan with why it is not the SYN scan asked for; with
     * {@code -sU}, {@code udp scan} alone or after the TCP scan ({@code syn and udp scan}).
     */
    static String scan(Started s) {
        if (s.ports().isEmpty() && !s.udpPorts().isEmpty()) {
            return "udp scan";
        }
        String type = s.scanType().label() + (s.udpPorts().isEmpty() ? " scan" : " and udp scan");
        return s.synUnavailable() ? type + " (" + SYN_UNAVAILABLE.substring(0, SYN_UNAVAILABLE.indexOf(':')) + ")"
                : type;
    }

    /** {@code 1000 ports}; with {@code -sU}, {@code 100 udp ports} or {@code 1000 tcp and 100 udp ports}. */
    static String ports(Started s) {
        if (s.udpPorts().isEmpty()) {
            return Numbers.count(s.ports().size(), "port", "ports");
        }
        if (s.ports().isEmpty()) {
            return Numbers.count(s.udpPorts().size(), "udp port", "udp ports");
        }
        return s.ports().size() + " tcp and " + Numbers.count(s.udpPorts().size(), "udp port", "udp ports");
    }

    /** The fallback note, when {@code -sS} was asked for and the connect scan runs. */
    static Optional<String> note(Started s) {
        return s.synUnavailable() ? Optional.of(SYN_UNAVAILABLE) : Optional.empty();
    }
}
