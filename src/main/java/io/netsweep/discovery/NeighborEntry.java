package io.netsweep.discovery;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One kernel neighbor entry.
 *
 * @param mac    the link-layer address; empty while unresolved
 * @param device the interface name
 */
public record NeighborEntry(InetAddress address, Optional<MacAddress> mac, NeighborState state, String device) {
    public NeighborEntry {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(device, "device");
    }

    /** Present (answered ARP/NDP) and with a link-layer address. */
    public boolean present() {
        return state.present() && mac.isPresent();
    }
}
