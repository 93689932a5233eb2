package io.netsweep.cli;

import java.util.Locale;
import java.util.Objects;

/**
 * What {@code watch} hands its hooks when a round changed something: the changes as {@code netsweep diff -o json}
 * writes them (one JSON document, every non-ASCII character escaped), and what they were measured against.
 * Immutable.
 *
 * @param round        the round's number, from 1
 * @param scanId       the round's stored scan
 * @param against      what it was compared with
 * @param comparedId   the scan it was compared with
 * @param changes      how many changes the JSON lists
 * @param json         the diff's JSON, ending with a line feed
 */
record Alert(long round, long scanId, Against against, long comparedId, int changes, String json) {
    /** What a round is compared with. */
    enum Against {
        /** The round before it. */
        PREVIOUS,
        /** The latest earlier scan of the same targets in the store (a watch's first round). */
        STORED,
        /** The approved baseline. */
        BASELINE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Alert {
        Objects.requireNonNull(against, "against");
        Objects.requireNonNull(json, "json");
        if (changes < 0) {
            throw new IllegalArgumentException("changes must not be negative");
        }
    }
}
