package io.netsweep.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one scan's hostname targets are looked up: the DNS servers asked for ({@code --dns-server}; none means
 * those of the system) and the per-lookup timeout ({@code --dns-timeout}), the same as its reverse lookups.
 */
record TargetDns(List<InetSocketAddress> servers, Duration timeout) {
    TargetDns {
        servers = List.copyOf(servers);
        Objects.requireNonNull(timeout, "timeout");
    }
}
