package io.netsweep.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this machine itself knows about names, asked before any DNS server, as the C library and nmap do:
 * the hosts file (see {@link HostsFile}), then the zones served only locally (see {@link LocalZones}).
 *
 * <p>The hosts file's reverse entries are read once, when this is made (a scan's lookups all see the same
 * file); its forward entries are read on the first forward question, since most scans ask none.
 *
 * <p>Thread-safe.
 */
final class LocalNames {
    private final Optional<Path> hostsFile;
    private final Map<InetAddress, String> names;
    private volatile Map<String, List<InetAddress>> addresses; // read on first use

    LocalNames(Optional<Path> hostsFile) {
        this.hostsFile = hostsFile;
        this.names = HostsFile.canonicalNames(hostsFile);
    }

    /**
     * The local answer for the reverse lookup of {@code address}, or empty when a DNS server is to be asked:
     * the hosts file's name; else, for an address of a local-only zone, the built-in name ({@code localhost}
     * for 127.0.0.1 and ::1) or {@link DnsStatus#NOT_FOUND_LOCALLY}.
     */
    Optional<PtrResult> reverse(InetAddress address) {
        String listed = names.get(address);
        if (listed == null) {
            listed = LocalZones.ipv4Of(address).map(names::get).orElse(null);
        }
        if (listed != null) {
            return Optional.of(PtrResult.found(address, listed));
        }
        if (!LocalZones.isLocalOnly(address)) {
            return Optional.empty();
        }
        return Optional.of(LocalZones.builtInName(address)
                .map(name -> PtrResult.found(address, name))
                .orElseGet(() -> PtrResult.notFound(address, DnsStatus.NOT_FOUND_LOCALLY)));
    }

    /**
     * The local answer for the addresses of {@code hostname}, IPv4 first, or empty when a DNS server is to
     * be asked: the hosts file's addresses; else, for {@code localhost} and names under it, 127.0.0.1 and ::1.
     */
    Optional<List<InetAddress>> forward(String hostname) {
        List<InetAddress> listed = addresses().getOrDefault(HostsFile.key(hostname), List.of());
        if (!listed.isEmpty()) {
            List<InetAddress> ordered = new ArrayList<>(listed.size());
            listed.stream().filter(a -> a instanceof Inet4Address).forEach(ordered::add);
            listed.stream().filter(a -> !(a instanceof Inet4Address)).forEach(ordered::add);
            return Optional.of(List.copyOf(ordered));
        }
        return LocalZones.isLocalhostName(hostname) ? Optional.of(LocalZones.loopbackAddresses()) : Optional.empty();
    }

    private Map<String, List<InetAddress>> addresses() {
        Map<String, List<InetAddress>> read = addresses;
        if (read == null) {
            synchronized (this) {
                read = addresses;
                if (read == null) {
                    read = HostsFile.addressesByName(hostsFile);
                    addresses = read;
                }
            }
        }
        return read;
    }
}
