package io.netsweep.store;

import io.netsweep.portscan.ScanType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stored scan as {@code netsweep history} lists it. Immutable.
 *
 * @param hostsUp   hosts found up (so far, for a scan that did not end)
 * @param openPorts open ports found (so far)
 * @param scanType  the TCP scan that ran; empty for scans stored before netsweep kept it and for imports that do
 *                  not say (replay takes those as connect scans)
 * @param shard     the part of a sharded scan this scan is; empty for a whole scan
 */
public record ScanEntry(long id, String source, String command, String targets, String targetKey, long targetCount,
                        String ports, Optional<String> discovery, Instant startedAt, Optional<Instant> endedAt,
                        ScanStatus status, Optional<String> message, long hostsUp, long openPorts,
                        OptionalLong probesSent, Optional<ScanType> scanType,
                        Optional<ScanShard> shard) {
    public ScanEntry {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(targetKey, "targetKey");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(probesSent, "probesSent");
        Objects.requireNonNull(scanType, "scanType");
        Objects.requireNonNull(shard, "shard");
    }

    /** This entry with other targets (a run of parts, shown as one scan). */
    ScanEntry withTargets(String targets, String targetKey, long targetCount) {
        return new ScanEntry(id, source, command, targets, targetKey, targetCount, ports, discovery, startedAt,
                endedAt, status, message, hostsUp, openPorts, probesSent, scanType, shard);
    }
}
