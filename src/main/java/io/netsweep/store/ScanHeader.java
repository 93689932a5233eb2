package io.netsweep.store;

import io.netsweep.portscan.ScanType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store records about a scan when it starts. Immutable.
 *
 * @param source      {@code cli}, {@code web} or {@code import}
 * @param command     the command line as typed (or the imported file's)
 * @param targets     the targets as a person gave them, for listings
 * @param targetKey   the target set in canonical form ({@link TargetKey}): scans with equal keys cover the
 *                    same addresses, and are the ones {@code diff} compares by default
 * @param targetCount the number of addresses
 * @param ports       the ports probed, in {@code -p} form; empty for discovery only
 * @param discovery   the discovery method's label, where known
 * @param startedAt   when the scan started
 * @param scanType    the TCP scan that ran, where known (an import may not say)
 * @param shard       which part of a sharded scan this is; empty for a whole scan
 */
public record ScanHeader(String source, String command, String targets, String targetKey, long targetCount,
                         String ports, Optional<String> discovery, Instant startedAt,
                         Optional<ScanType> scanType, Optional<ScanShard> shard) {
    public ScanHeader {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(targetKey, "targetKey");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(scanType, "scanType");
        Objects.requireNonNull(shard, "shard");
    }

    /** A whole scan's header. */
    public ScanHeader(String source, String command, String targets, String targetKey, long targetCount,
                      String ports, Optional<String> discovery, Instant startedAt, Optional<ScanType> scanType) {
        this(source, command, targets, targetKey, targetCount, ports, discovery, startedAt, scanType, Optional.empty());
    }

    /** A header that does not say which TCP scan ran. */
    public ScanHeader(String source, String command, String targets, String targetKey, long targetCount,
                      String ports, Optional<String> discovery, Instant startedAt) {
        this(source, command, targets, targetKey, targetCount, ports, discovery, startedAt, Optional.empty());
    }
}
