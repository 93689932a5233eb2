package io.netsweep.discovery;

/** How hosts are found to be up; the rungs of the privilege ladder, best first. */
public enum DiscoveryMethod {
    /** ICMP echo through a raw socket (root or CAP_NET_RAW). */
    ICMP_RAW("icmp-raw"),
    /** ICMP echo through an unprivileged datagram socket ({@code net.ipv4.ping_group_range}). */
    ICMP_DATAGRAM("icmp-dgram"),
    /** TCP connect to a few common ports: an accept and a reset both mean up. */
    TCP_CONNECT("tcp-connect"),
    /** No discovery: every target is taken as up ({@code -Pn}). */
    NONE("none");

    private final String label;

    DiscoveryMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
