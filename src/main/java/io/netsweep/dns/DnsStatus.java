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
    DISABLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
