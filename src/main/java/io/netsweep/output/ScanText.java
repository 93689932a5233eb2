package io.netsweep.output;

import io.netsweep.scan.ScanEvent.Started;
import java.util.Optional;

/** How every output names the TCP scan that runs, and says when {@code -sS} fell back to connect. Stateless. */
final class ScanText {
    /** What the scan fell back from, and why. */
    static final String SYN_UNAVAILABLE = "-sS needs root or CAP_NET_RAW: connect scan instead";

    private ScanText() {}

    /** {@code syn scan}, {@code connect scan}, or the connect scan with why it is not the SYN scan asked for. */
    static String scan(Started s) {
        String type = s.scanType().label() + " scan";
        return s.synUnavailable() ? type + " (" + SYN_UNAVAILABLE.substring(0, SYN_UNAVAILABLE.indexOf(':')) + ")"
                : type;
    }

    /** The fallback note, when {@code -sS} was asked for and the connect scan runs. */
    static Optional<String> note(Started s) {
        return s.synUnavailable() ? Optional.of(SYN_UNAVAILABLE) : Optional.empty();
    }
}
