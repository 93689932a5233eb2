package io.netsweep.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link ReverseResolver} finds names and how it talks to DNS servers. Immutable and thread-safe.
 *
 * @param servers       servers to ask, in order: the first attempt of every lookup goes to the first,
 *                      each retry to the next one (wrapping around); never empty
 * @param timeout       budget of one whole lookup, retries included: a lookup ends by then at the latest
 * @param retries       extra attempts within {@code timeout} (0 = one attempt only)
 * @param maxConcurrent lookups in progress at once; further lookups wait in a queue
 * @param hostsFile     the hosts file asked before any server (empty: none); a missing file lists nothing
 */
public record DnsOptions(List<InetSocketAddress> servers, Duration timeout, int retries, int maxConcurrent,
                         Optional<Path> hostsFile) {

    /** Where {@link #defaults()} reads its servers. */
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** The system's hosts file, which {@link #defaults()} reads. */
    public static final Path HOSTS = Path.of("/etc/hosts");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_MAX_CONCURRENT = 64;
    /** Upper bound on {@code retries}: more attempts would only slice the timeout thinner. */
    public static final int MAX_RETRIES = 10;

    public DnsOptions {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS servers");
        }
        for (InetSocketAddress server : servers) {
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("DNS server must be an IP address: " + server.getHostString());
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("DNS timeout must be positive: " + timeout);
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("DNS retries must be 0.." + MAX_RETRIES + ": " + retries);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("DNS concurrency must be at least 1: " + maxConcurrent);
        }
        Objects.requireNonNull(hostsFile, "hostsFile");
    }

    /**
     * The servers of {@code /etc/resolv.conf} (see {@link SystemResolvConf#nameserversOrLocal}), the
     * system's hosts file, a 2 s timeout, one retry and 64 lookups at once. Reads resolv.conf on every call.
     */
    public static DnsOptions defaults() {
        return of(SystemResolvConf.nameserversOrLocal(RESOLV_CONF));
    }

    /** The given servers with the system's hosts file and the default timeout, retries and concurrency. */
    public static DnsOptions of(List<InetSocketAddress> servers) {
        return new DnsOptions(servers, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_MAX_CONCURRENT, Optional.of(HOSTS));
    }

    public DnsOptions withServers(List<InetSocketAddress> newServers) {
        return new DnsOptions(newServers, timeout, retries, maxConcurrent, hostsFile);
    }

    public DnsOptions withTimeout(Duration newTimeout) {
        return new DnsOptions(servers, newTimeout, retries, maxConcurrent, hostsFile);
    }

    public DnsOptions withRetries(int newRetries) {
        return new DnsOptions(servers, timeout, newRetries, maxConcurrent, hostsFile);
    }

    public DnsOptions withMaxConcurrent(int newMaxConcurrent) {
        return new DnsOptions(servers, timeout, retries, newMaxConcurrent, hostsFile);
    }

    /** These options with {@code file} as the hosts file, or none when empty. */
    public DnsOptions withHostsFile(Optional<Path> file) {
        return new DnsOptions(servers, timeout, retries, maxConcurrent, file);
    }
}
