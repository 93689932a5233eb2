package io.netsweep.discovery;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A host found up, and why.
 *
 * @param address the host
 * @param reason  what showed it up: {@code icmp-echo}, {@code icmp-unreachable}, {@code tcp-syn-ack},
 *                {@code tcp-rst}, {@code arp}, {@code ndp}, {@code user-set} ({@code -Pn})
 * @param rtt     round-trip time of the answer that showed it up, if there was one
 * @param mac     link-layer address, for hosts on a directly connected subnet
 * @param vendor  the MAC's vendor from the IEEE OUI registry (untrusted-free, but still escape it)
 */
public record HostInfo(
        InetAddress address, String reason, Optional<Duration> rtt, Optional<MacAddress> mac,
        Optional<String> vendor) {
    public HostInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rtt, "rtt");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vendor, "vendor");
    }

    public static HostInfo assumedUp(InetAddress address) {
        return new HostInfo(address, "user-set", Optional.empty(), Optional.empty(), Optional.empty());
    }
}
