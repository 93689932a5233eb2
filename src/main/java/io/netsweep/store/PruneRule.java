package io.netsweep.store;

import java.time.Instant;
import java.util.Objects;

/** Which scans {@code netsweep prune} forgets. Immutable. */
public sealed interface PruneRule {
    /** Keep the {@code count} newest scans, forget the rest. */
    record KeepNewest(int count) implements PruneRule {
        public KeepNewest {
            if (count < 0) {
                throw new IllegalArgumentException("cannot keep a negative number of scans");
            }
        }
    }

    /** Forget the scans started before {@code cutoff}. */
    record StartedBefore(Instant cutoff) implements PruneRule {
        public StartedBefore {
            Objects.requireNonNull(cutoff, "cutoff");
        }
    }
}
