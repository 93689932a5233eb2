package io.netsweep.scan;

/**
 * Which TCP port scan a request asks for. The scan that runs is a {@link io.netsweep.portscan.ScanType}: SYN where
 * the process may open raw sockets (root or CAP_NET_RAW), else connect, as nmap chooses.
 */
public enum PortScanMethod {
    /** No choice made: SYN where privileged, else connect (nmap's default). */
    DEFAULT,
    /** {@code -sT}: the connect scan, privileged or not. */
    CONNECT,
    /** {@code -sS}: the SYN scan; without the privilege the connect scan, and the scan says so. */
    SYN
}
