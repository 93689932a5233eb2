package io.netsweep.cli;

import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.HostLookupException;
import io.netsweep.dns.ReverseResolver;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * Resolves hostname targets once, before the scan: the hosts file first (so {@code localhost} and
 * local names work as everywhere else), then DNS through the same servers the scan's reverse
 * lookups use. Not thread-safe; used by one target-set build.
 */
final class TargetNameResolver implements HostResolver {
    private static final Path HOSTS = Path.of("/etc/hosts");

    private final List<InetSocketAddress> servers;
    private final Path hostsFile;

    TargetNameResolver(List<InetSocketAddress> servers, Path hostsFile) {
        this.servers = List.copyOf(servers);
        this.hostsFile = hostsFile;
    }

    static TargetNameResolver forServers(List<InetSocketAddress> servers) {
        return new TargetNameResolver(servers, HOSTS);
    }

    @Override
    public List<InetAddress> resolve(String hostname) {
        List<InetAddress> fromHosts = fromHostsFile(hostname);
        if (!fromHosts.isEmpty()) {
            return fromHosts;
        }
        DnsOptions options = servers.isEmpty() ? DnsOptions.defaults() : DnsOptions.defaults().withServers(servers);
        try (ReverseResolver resolver = new ReverseResolver(options)) {
            return resolver.resolveHost(hostname);
        } catch (HostLookupException e) {
            throw new TargetException("cannot resolve target \"" + hostname + "\": " + e.status().label());
        } catch (IllegalArgumentException e) {
            throw new TargetException("invalid target \"" + hostname + "\": not a valid hostname");
        }
    }

    private List<InetAddress> fromHostsFile(String hostname) {
        if (!Files.isReadable(hostsFile)) {
            return List.of();
        }
        try {
            HostsFileParser parser = new HostsFileParser(hostsFile);
            Name name = Name.fromString(hostname, Name.root);
            List<InetAddress> found = new ArrayList<>();
            lookup(parser, name, Type.A).ifPresent(found::add);
            lookup(parser, name, Type.AAAA).ifPresent(found::add);
            return found;
        } catch (TextParseException e) {
            return List.of();
        }
    }

    private static Optional<InetAddress> lookup(HostsFileParser parser, Name name, int type) {
        try {
            return parser.getAddressForHost(name, type);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
