package io.netsweep.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An approved state of a target set and its ports: the finished scan that {@code netsweep watch --baseline}
 * compares every round with, so that only departures from it alert. Immutable.
 *
 * @param targetKey  the target set ({@link TargetKey})
 * @param ports      the ports probed, in {@code -p} form, as the scan stored them
 * @param scanId     the approved scan
 * @param approvedAt when it was approved
 */
public record Baseline(String targetKey, String ports, long scanId, Instant approvedAt) {
    public Baseline {
        Objects.requireNonNull(targetKey, "targetKey");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(approvedAt, "approvedAt");
    }
}
