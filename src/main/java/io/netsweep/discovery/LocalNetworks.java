package io.netsweep.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subnets this host is directly connected to, and its own MAC addresses, as seen when the
 * sweep starts (interfaces that come up later are not seen). Loopback interfaces are left out:
 * they have no neighbors. Immutable and thread-safe.
 */
final class LocalNetworks {

    /**
     * An IPv4 Ethernet link, enough to ask a neighbor's MAC ourselves (ARP).
     *
     * @param ifindex the interface's index
     * @param source  this host's address on the link (the ARP sender)
     * @param mac     the interface's MAC
     */
    record Link(int ifindex, Inet4Address source, MacAddress mac) {}

    /** A directly connected subnet, and its link when that is IPv4 over Ethernet. */
    record Subnet(byte[] network, int prefix, Optional<Link> link) {}

    private final List<Subnet> subnets;
    private final Map<InetAddress, MacAddress> ownMacs;

    private LocalNetworks(List<Subnet> subnets, Map<InetAddress, MacAddress> ownMacs) {
        this.subnets = List.copyOf(subnets);
        this.ownMacs = Map.copyOf(ownMacs);
    }

    /** These subnets and own MACs (tests; {@link #current} reads the real ones). */
    static LocalNetworks of(List<Subnet> subnets, Map<InetAddress, MacAddress> ownMacs) {
        return new LocalNetworks(subnets, ownMacs);
    }

    /** No local networks: every target is remote (no neighbor table use). */
    static LocalNetworks none() {
        return of(List.of(), Map.of());
    }

    /** The interfaces of this JVM's network namespace now; empty if they cannot be listed. */
    static LocalNetworks current() {
        List<Subnet> subnets = new ArrayList<>();
        Map<InetAddress, MacAddress> macs = new HashMap<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                byte[] hw = nif.getHardwareAddress();
                Optional<MacAddress> mac = hw != null && hw.length == 6
                        ? Optional.of(new MacAddress(toLong(hw))) : Optional.empty();
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    InetAddress address = a.getAddress();
                    if (address == null) {
                        continue;
                    }
                    mac.ifPresent(m -> macs.put(address, m));
                    if (a.getNetworkPrefixLength() <= 0) {
                        continue;
                    }
                    Optional<Link> link = address instanceof Inet4Address v4 && mac.isPresent() && nif.getIndex() > 0
                            && !nif.isPointToPoint()
                            ? Optional.of(new Link(nif.getIndex(), v4, mac.get())) : Optional.empty();
                    subnets.add(new Subnet(address.getAddress(), a.getNetworkPrefixLength(), link));
                }
            }
        } catch (SocketException e) {
            return none();
        }
        return of(subnets, macs);
    }

    private static long toLong(byte[] hw) {
        long v = 0;
        for (byte b : hw) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /** Whether {@code address} lies in a subnet of one of this host's interfaces. */
    boolean onLink(InetAddress address) {
        return subnet(address).isPresent();
    }

    /** The Ethernet link an IPv4 {@code address} is on, if it is on one (the most specific subnet). */
    Optional<Link> link(InetAddress address) {
        return subnet(address).flatMap(Subnet::link);
    }

    /** Whether any subnet is IPv4 over Ethernet. */
    boolean hasLinks() {
        return subnets.stream().anyMatch(s -> s.link().isPresent());
    }

    private Optional<Subnet> subnet(InetAddress address) {
        byte[] a = address.getAddress();
        Subnet best = null;
        for (Subnet s : subnets) {
            if (s.network().length == a.length && samePrefix(a, s.network(), s.prefix())
                    && (best == null || s.prefix() > best.prefix())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** This host's own MAC for one of its own addresses. */
    Optional<MacAddress> ownMac(InetAddress address) {
        return Optional.ofNullable(ownMacs.get(address));
    }

    boolean isOwn(InetAddress address) {
        return ownMacs.containsKey(address);
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (b[full] & mask);
    }
}
