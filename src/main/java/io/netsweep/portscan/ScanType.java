package io.netsweep.portscan;

/** How a port scan probes TCP ports: full connects, or crafted SYNs on raw sockets. */
public enum ScanType {
    /** {@code -sT}: the kernel's own connect; needs no privilege. */
    CONNECT("connect"),
    /** {@code -sS}: half-open, crafted SYNs; needs CAP_NET_RAW. */
    SYN("syn");

    private final String label;

    ScanType(String label) {
        this.label = label;
    }

    /** The name nmap's XML gives the scan ({@code scaninfo type}) and the JSON and table show. */
    public String label() {
        return label;
    }
}
