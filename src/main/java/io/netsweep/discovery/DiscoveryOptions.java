package io.netsweep.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link HostDiscovery} sweep probes. Immutable.
 *
 * @param forcedMethod   a rung to use instead of the best one available (fails if it cannot be opened)
 * @param ratePerSecond  most probes per second (a TCP ping costs one per port); 0 (or above 10^9) means no limit
 * @param retries        retransmissions to a silent target before it counts as down
 * @param initialTimeout how long to wait for an answer before any round trip was measured
 * @param minTimeout     floor of the adaptive timeout ({@code srtt + 4 * rttvar})
 * @param maxTimeout     ceiling of the adaptive timeout
 * @param tcpPingPorts   ports a TCP ping connects to
 * @param seed           seeds the order in which neighboring targets are probed
 * @param readNeighbors  read the kernel neighbor table: MACs for local hosts, and ARP/NDP-only hosts
 */
public record DiscoveryOptions(
        Optional<DiscoveryMethod> forcedMethod, double ratePerSecond, int retries, Duration initialTimeout,
        Duration minTimeout, Duration maxTimeout, List<Integer> tcpPingPorts, long seed, boolean readNeighbors) {

    /**
     * Default rate: a /24 goes out in about 50 ms. Silent targets also cost two retries each, so at a
     * lower rate the pacing, not the timeouts, sets how long a mostly empty subnet takes.
     */
    public static final double DEFAULT_RATE = 5000;
    public static final List<Integer> DEFAULT_TCP_PING_PORTS = List.of(80, 443, 22, 3389);

    public DiscoveryOptions {
        Objects.requireNonNull(forcedMethod, "forcedMethod");
        Objects.requireNonNull(initialTimeout, "initialTimeout");
        Objects.requireNonNull(minTimeout, "minTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        tcpPingPorts = List.copyOf(tcpPingPorts);
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a non-negative number");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        if (minTimeout.isNegative() || minTimeout.isZero() || minTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("timeout floor must be positive and at most the ceiling");
        }
        if (initialTimeout.isNegative() || initialTimeout.isZero()) {
            throw new IllegalArgumentException("initial timeout must be positive");
        }
        if (tcpPingPorts.isEmpty() || tcpPingPorts.stream().anyMatch(p -> p < 1 || p > 65535)) {
            throw new IllegalArgumentException("TCP ping ports must be 1 to 65535, at least one");
        }
    }

    /**
     * Defaults fit for a LAN or loopback, timeouts as nmap's {@code -T4}: best rung, 5000 probes/s,
     * 2 retries, timeouts 1 s initially and 100 ms to 1.25 s adaptive, TCP ping to 80, 443, 22 and
     * 3389, neighbor table read, a seed from the clock.
     */
    public static DiscoveryOptions defaults() {
        return new DiscoveryOptions(Optional.empty(), DEFAULT_RATE, 2, Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofMillis(1250), DEFAULT_TCP_PING_PORTS, System.nanoTime(), true);
    }

    public DiscoveryOptions withForcedMethod(DiscoveryMethod m) {
        return new DiscoveryOptions(Optional.of(m), ratePerSecond, retries, initialTimeout, minTimeout, maxTimeout,
                tcpPingPorts, seed, readNeighbors);
    }

    public DiscoveryOptions withRate(double perSecond) {
        return new DiscoveryOptions(forcedMethod, perSecond, retries, initialTimeout, minTimeout, maxTimeout,
                tcpPingPorts, seed, readNeighbors);
    }

    public DiscoveryOptions withRetries(int r) {
        return new DiscoveryOptions(forcedMethod, ratePerSecond, r, initialTimeout, minTimeout, maxTimeout,
                tcpPingPorts, seed, readNeighbors);
    }

    public DiscoveryOptions withTimeouts(Duration initial, Duration min, Duration max) {
        return new DiscoveryOptions(forcedMethod, ratePerSecond, retries, initial, min, max, tcpPingPorts, seed,
                readNeighbors);
    }

    public DiscoveryOptions withTcpPingPorts(List<Integer> ports) {
        return new DiscoveryOptions(forcedMethod, ratePerSecond, retries, initialTimeout, minTimeout, maxTimeout,
                ports, seed, readNeighbors);
    }

    public DiscoveryOptions withSeed(long s) {
        return new DiscoveryOptions(forcedMethod, ratePerSecond, retries, initialTimeout, minTimeout, maxTimeout,
                tcpPingPorts, s, readNeighbors);
    }

    public DiscoveryOptions withReadNeighbors(boolean on) {
        return new DiscoveryOptions(forcedMethod, ratePerSecond, retries, initialTimeout, minTimeout, maxTimeout,
                tcpPingPorts, seed, on);
    }
}
