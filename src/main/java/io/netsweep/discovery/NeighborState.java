package io.netsweep.discovery;

import java.util.Locale;
import java.util.Optional;

/** The state of a kernel neighbor (ARP / NDP) entry, as {@code ip neigh} names them. */
public enum NeighborState {
    REACHABLE(true), STALE(true), DELAY(true), PROBE(true), PERMANENT(true),
    /** Resolved; {@code /proc/net/arp} does not say which of the resolved states it is in. */
    COMPLETE(true),
    NOARP(false), INCOMPLETE(false), FAILED(false), NONE(false);

    private final boolean present;

    NeighborState(boolean present) {
        this.present = present;
    }

    /** Whether the neighbor answered ARP/NDP recently enough to count as present. */
    public boolean present() {
        return present;
    }

    /** The state named by an {@code ip neigh} keyword, if it is one. */
    static Optional<NeighborState> fromKeyword(String word) {
        try {
            return Optional.of(valueOf(word.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
