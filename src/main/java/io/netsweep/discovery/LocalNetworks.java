package io.netsweep.discovery;

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
    private record Subnet(byte[] network, int prefix) {}

    private final List<Subnet> subnets;
    private final Map<InetAddress, MacAddress> ownMacs;

    LocalNetworks(List<InterfaceAddress> addresses, Map<InetAddress, MacAddress> ownMacs) {
        List<Subnet> s = new ArrayList<>();
        for (InterfaceAddress a : addresses) {
            if (a.getAddress() != null && a.getNetworkPrefixLength() > 0) {
                s.add(new Subnet(a.getAddress().getAddress(), a.getNetworkPrefixLength()));
            }
        }
        this.subnets = List.copyOf(s);
        this.ownMacs = Map.copyOf(ownMacs);
    }

    /** No local networks: every target is remote (no neighbor table use). */
    static LocalNetworks none() {
        return new LocalNetworks(List.of(), Map.of());
    }

    /** The interfaces of this JVM's network namespace now; empty if they cannot be listed. */
    static LocalNetworks current() {
        List<InterfaceAddress> addresses = new ArrayList<>();
        Map<InetAddress, MacAddress> macs = new HashMap<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                byte[] hw = nif.getHardwareAddress();
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    addresses.add(a);
                    if (hw != null && hw.length == 6) {
                        macs.put(a.getAddress(), new MacAddress(toLong(hw)));
                    }
                }
            }
        } catch (SocketException e) {
            return none();
        }
        return new LocalNetworks(addresses, macs);
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
        byte[] a = address.getAddress();
        for (Subnet s : subnets) {
            if (s.network().length == a.length && samePrefix(a, s.network(), s.prefix())) {
                return true;
            }
        }
        return false;
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
