package io.netsweep.scan;

import io.netsweep.portscan.PortState;

/**
 * How many ports of one host ended in each state, TCP and UDP together. Immutable.
 *
 * @param open         ports that accepted the connection or answered
 * @param closed       ports that refused it (TCP reset, UDP's ICMP port unreachable)
 * @param filtered     ports that gave no TCP answer, or an ICMP unreachable
 * @param openFiltered UDP ports that stayed silent (open|filtered)
 */
public record PortCounts(int open, int closed, int filtered, int openFiltered) {
    /** No port in any state. */
    public static final PortCounts NONE = new PortCounts(0, 0, 0, 0);

    public PortCounts {
        if (open < 0 || closed < 0 || filtered < 0 || openFiltered < 0) {
            throw new IllegalArgumentException("negative port count");
        }
    }

    /** Counts of a TCP scan, which has no open|filtered ports. */
    public PortCounts(int open, int closed, int filtered) {
        this(open, closed, filtered, 0);
    }

    /** The count of {@code state}. */
    public int of(PortState state) {
        return switch (state) {
            case OPEN -> open;
            case CLOSED -> closed;
            case FILTERED -> filtered;
            case OPEN_FILTERED -> openFiltered;
        };
    }

    public int total() {
        return open + closed + filtered + openFiltered;
    }

    /** These counts with one more port in {@code state}. */
    public PortCounts plus(PortState state) {
        return switch (state) {
            case OPEN -> new PortCounts(open + 1, closed, filtered, openFiltered);
            case CLOSED -> new PortCounts(open, closed + 1, filtered, openFiltered);
            case FILTERED -> new PortCounts(open, closed, filtered + 1, openFiltered);
            case OPEN_FILTERED -> new PortCounts(open, closed, filtered, openFiltered + 1);
        };
    }
}
