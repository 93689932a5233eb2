package io.netsweep.dns;

import java.util.Locale;

/** How a reverse (PTR) lookup ended. Every outcome is data; none of them is an error of the scan. */
public enum DnsStatus {
    /** A name was found. */
    OK,
    /** The name does not exist, or exists without a PTR record. */
    NXDOMAIN,
    /** The server failed or refused to answer. */
    SERVFAIL,
    /** No answer within the timeout, retries included. */
    TIMEOUT,
    /** The answer could not be parsed or did not match the question. */
    MALFORMED,
    /** Lookups were turned off ({@code -n}) or not wanted for this host. */
    DISABLED,
    /**
     * The address is one whose name only this machine can know (loopback, link-local), which is never asked
     * of a DNS server, and neither the hosts file nor the built-in names ({@code localhost}) know it.
     */
    NOT_FOUND_LOCALLY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
