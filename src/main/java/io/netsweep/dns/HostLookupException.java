package io.netsweep.dns;

import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A host name could not be turned into addresses. {@link #status()} says why, for callers that classify:
 * NXDOMAIN (no such name, or no A/AAAA record), SERVFAIL, TIMEOUT or MALFORMED. The message is one line
 * with the name already made printable. Immutable.
 */
public final class HostLookupException extends UnknownHostException {
    private final String hostname;
    private final DnsStatus status;

    public HostLookupException(String hostname, DnsStatus status) {
        super(describe(hostname, status));
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The name as the caller gave it (untrusted; escape before printing). */
    public String hostname() {
        return hostname;
    }

    public DnsStatus status() {
        return status;
    }

    private static String describe(String hostname, DnsStatus status) {
        String why = switch (status) {
            case NXDOMAIN -> "no such host (no A or AAAA record)";
            case SERVFAIL -> "the DNS server failed or refused to answer";
            case TIMEOUT -> "no answer from the DNS server in time";
            case MALFORMED -> "the DNS answer was malformed";
            case OK, DISABLED, NOT_FOUND_LOCALLY -> status.label();
        };
        return "cannot resolve " + DnsNames.printable(hostname, 100) + ": " + why;
    }
}
