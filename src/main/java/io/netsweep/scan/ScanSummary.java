package io.netsweep.scan;

import java.time.Duration;
import java.time.Instant;

/**
 * Totals at the end of a scan, whatever ended it.
 *
 * @param startedAt  when the scan started
 * @param endedAt    when it ended
 * @param targets    addresses in the target set
 * @param hostsUp    hosts found up (all targets with {@code -Pn})
 * @param openPorts  open ports found
 * @param probesSent port probes sent, retransmissions included
 */
public record ScanSummary(
        Instant startedAt, Instant endedAt, long targets, long hostsUp, long openPorts, long probesSent) {
    public Duration elapsed() {
        return Duration.between(startedAt, endedAt);
    }
}
