package io.netsweep.portscan;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;

/**
 * The addresses of this machine, taken once when a scan starts: loopback ranges plus every address of every
 * interface. Only an optimisation hint (connects to them complete inside the system call), so an address
 * added later merely misses the shortcut.
 *
 * <p>Immutable and thread-safe.
 */
final class LocalAddresses {
    private final Set<InetAddress> interfaceAddresses;

    private LocalAddresses(Set<InetAddress> interfaceAddresses) {
        this.interfaceAddresses = Set.copyOf(interfaceAddresses);
    }

    static LocalAddresses snapshot() {
        Set<InetAddress> all = new HashSet<>();
        try {
            NetworkInterface.networkInterfaces()
                    .forEach(ni -> ni.inetAddresses().forEach(all::add));
        } catch (SocketException e) {
            // No interface list: loopback is still recognised by address.
        }
        return new LocalAddresses(all);
    }

    boolean contains(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || interfaceAddresses.contains(a);
    }
}
