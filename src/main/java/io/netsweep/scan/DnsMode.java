package io.netsweep.scan;

/** Which hosts get a reverse (PTR) lookup. */
public enum DnsMode {
    /** No lookups ({@code -n}). */
    OFF,
    /** Hosts found up (the default). */
    UP_HOSTS,
    /** Every target, up or down ({@code -R}). */
    ALL
}
