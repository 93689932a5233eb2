package io.netsweep.cli;

import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.HostLookupException;
import io.netsweep.dns.ReverseResolver;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import java.net.InetAddress;
import java.util.List;

/**
 * Resolves the hostname targets of one scan, before the scan, through one resolver made on the first name
 * and closed with this: the hosts file first (so {@code localhost} and local names work as everywhere
 * else; see {@link ReverseResolver#resolveHost}), then DNS through the same servers the scan's reverse
 * lookups use. Not thread-safe; used by one target-set build, then closed.
 */
final class TargetNameResolver implements HostResolver {
    private final DnsOptions options;
    private ReverseResolver resolver; // made on the first name: most scans have none

    TargetNameResolver(DnsOptions options) {
        this.options = options;
    }

    /**
     * Through the servers asked for, or those of /etc/resolv.conf when none are; with the timeout asked for;
     * the system's hosts file.
     */
    static TargetNameResolver forServers(TargetDns dns) {
        DnsOptions options = dns.servers().isEmpty() ? DnsOptions.defaults() : DnsOptions.of(dns.servers());
        return new TargetNameResolver(options.withTimeout(dns.timeout()));
    }

    @Override
    public List<InetAddress> resolve(String hostname) {
        if (resolver == null) {
            resolver = new ReverseResolver(options);
        }
        try {
            return resolver.resolveHost(hostname);
        } catch (HostLookupException e) {
            throw new TargetException("cannot resolve target \"" + hostname + "\": " + e.status().label());
        } catch (IllegalArgumentException e) {
            throw new TargetException("invalid target \"" + hostname + "\": not a valid hostname");
        }
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
    }
}
