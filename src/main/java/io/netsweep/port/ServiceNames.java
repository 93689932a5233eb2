package io.netsweep.port;

import java.util.Optional;

/**
 * IANA service names of TCP ports ({@code 22 -> ssh}, {@code 80 -> http}), or of UDP ports ({@link #udp()}:
 * {@code 53 -> domain}, {@code 161 -> snmp}), for the SERVICE column
 * of reports. Only registered names are given: a port IANA has not named (or named only as part
 * of a range) is {@value #UNKNOWN}. The data is the committed resource {@code tcp-ports.tsv}; see
 * {@code scripts/gen-port-data} for its sources and policy.
 *
 * <p>Immutable and safe to share between threads. The table is read once, on first use; the index
 * from names to ports is built once, on the first lookup by name.
 */
public final class ServiceNames {
    /** What {@link #nameOf} returns for a port without a registered name. */
    public static final String UNKNOWN = "unknown";

    private final PortData data;

    private ServiceNames(PortData data) {
        this.data = data;
    }

    /** The TCP service names (loads the shared table on first call). */
    public static ServiceNames tcp() {
        return new ServiceNames(PortData.get());
    }

    /** The UDP service names (loads the shared UDP table on first call). */
    public static ServiceNames udp() {
        return new ServiceNames(PortData.udp());
    }

    /** The service names of {@code protocol}. */
    public static ServiceNames of(Protocol protocol) {
        return protocol == Protocol.UDP ? udp() : tcp();
    }

    /** The IANA name of TCP {@code port}, or {@value #UNKNOWN} (also for numbers outside 1-65535). */
    public String nameOf(int port) {
        return lookup(port).orElse(UNKNOWN);
    }

    /** The IANA name of TCP {@code port}, if it has one. */
    public Optional<String> lookup(int port) {
        return Optional.ofNullable(data.name(port));
    }

    /**
     * The TCP ports IANA registers under {@code name}, compared without regard to case ({@code http} is
     * 80; {@code http-alt} is 591, 8008 and 8080); empty for a name IANA does not know.
     */
    public PortSet portsNamed(String name) {
        int[] ports = data.portsNamed(name);
        return ports.length == 0 ? PortSet.empty() : PortSet.of(ports);
    }
}
