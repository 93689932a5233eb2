package io.netsweep.scan;

import io.netsweep.portscan.PortState;

/**
 * How many ports of one host ended in each state. Immutable.
 *
 * @param open     ports that accepted the connection
 * @param closed   ports that refused it
 * @param filtered ports that gave no answer (or an ICMP unreachable)
 */
public record PortCounts(int open, int closed, int filtered) {
    /** No port in any state. */
    public static final PortCounts NONE = new PortCounts(0, 0, 0);

    public PortCounts {
        if (open < 0 || closed < 0 || filtered < 0) {
            throw new IllegalArgumentException("negative port count");
        }
    }

    /** The count of {@code state}. */
    public int of(PortState state) {
        return switch (state) {
            case OPEN -> open;
            case CLOSED -> closed;
            case FILTERED -> filtered;
        };
    }

    public int total() {
        return open + closed + filtered;
    }

    /** These counts with one more port in {@code state}. */
    public PortCounts plus(PortState state) {
        return switch (state) {
            case OPEN -> new PortCounts(open + 1, closed, filtered);
            case CLOSED -> new PortCounts(open, closed + 1, filtered);
            case FILTERED -> new PortCounts(open, closed, filtered + 1);
        };
    }
}
