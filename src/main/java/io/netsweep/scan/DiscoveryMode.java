package io.netsweep.scan;

/** What a scan does about host discovery. */
public enum DiscoveryMode {
    /** Discover hosts, and port-scan each one as soon as it is found (the default). */
    DISCOVER_THEN_SCAN,
    /** Discovery only, no port scan ({@code -sn}). */
    DISCOVERY_ONLY,
    /** Take every target as up and port-scan it ({@code -Pn}). */
    ASSUME_UP
}
