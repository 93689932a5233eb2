package io.netsweep.store;

import io.netsweep.finding.Severity;
import io.netsweep.port.ProtocolPort;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which hosts {@code netsweep hosts} lists. Immutable; every filter is optional.
 *
 * @param seenSince only hosts seen up at or after this instant
 * @param openPort  only hosts with this port ({@code 22/tcp}, {@code 53/udp}) open at their last scan
 * @param product   only hosts whose last scan named this product on a port (case-insensitive substring)
 * @param finding   only hosts whose last scan raised this finding: a severity label ({@code high}: that severity
 *                  or a worse one) or a finding id ({@code ollama-no-auth}, {@code vuln:GHSA-...}), exactly
 */
public record HostQuery(Optional<Instant> seenSince, Optional<ProtocolPort> openPort, Optional<String> product,
                        Optional<String> finding) {
    public static final HostQuery ALL = new HostQuery(Optional.empty(), Optional.empty(), Optional.empty());

    public HostQuery {
        Objects.requireNonNull(seenSince, "seenSince");
        Objects.requireNonNull(openPort, "openPort");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(finding, "finding");
    }

    /** A query without a finding filter. */
    public HostQuery(Optional<Instant> seenSince, Optional<ProtocolPort> openPort, Optional<String> product) {
        this(seenSince, openPort, product, Optional.empty());
    }

    /** Whether a host whose last scan raised {@code findings} passes the finding filter. */
    boolean selects(List<InventoryHost.HostFinding> findings) {
        if (finding.isEmpty()) {
            return true;
        }
        Optional<Severity> atLeast = Severity.of(finding.get());
        return findings.stream().anyMatch(f -> atLeast.isPresent()
                ? Severity.of(f.severity()).map(s -> s.compareTo(atLeast.get()) >= 0).orElse(false)
                : f.id().equals(finding.get()));
    }
}
