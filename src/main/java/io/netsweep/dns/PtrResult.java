package io.netsweep.dns;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How the reverse lookup of one address ended. Immutable.
 *
 * @param address  the address looked up
 * @param hostname the sanitized name (see {@link DnsNames#sanitize}); present exactly when {@code status} is OK
 * @param status   the outcome
 */
public record PtrResult(InetAddress address, Optional<String> hostname, DnsStatus status) {
    public PtrResult {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(status, "status");
        if (hostname.isPresent() != (status == DnsStatus.OK)) {
            throw new IllegalArgumentException("hostname must be present exactly when status is OK: " + status);
        }
    }

    public static PtrResult found(InetAddress address, String hostname) {
        return new PtrResult(address, Optional.of(hostname), DnsStatus.OK);
    }

    /** A lookup that found no name; {@code status} must not be OK. */
    public static PtrResult notFound(InetAddress address, DnsStatus status) {
        return new PtrResult(address, Optional.empty(), status);
    }
}
