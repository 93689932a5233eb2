package io.netsweep.dns;

import io.netsweep.target.IpLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code nameserver} lines of a resolv.conf(5) file, as the C library does: at most
 * {@value #MAX_NAMESERVERS} servers, in file order, on port 53; comment lines start with {@code #} or
 * {@code ;}; IPv6 servers may carry a scope ({@code fe80::1%eth0}). Lines that are not a valid IP literal
 * are skipped. Search domains and options are not used: netsweep asks for names exactly as given.
 * Stateless and thread-safe.
 */
public final class SystemResolvConf {
    /** The C library's MAXNS. */
    public static final int MAX_NAMESERVERS = 3;
    private static final long MAX_FILE_BYTES = 1 << 20;

    private SystemResolvConf() {}

    /** The servers listed in {@code resolvConf}; empty when it lists none or cannot be read. */
    public static List<InetSocketAddress> nameservers(Path resolvConf) {
        List<String> lines;
        try {
            if (Files.size(resolvConf) > MAX_FILE_BYTES) {
                return List.of();
            }
            // ISO-8859-1 maps every byte, so a stray non-UTF-8 byte cannot make the whole file unreadable
            lines = Files.readAllLines(resolvConf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String line : lines) {
            nameserverOf(line).ifPresent(a -> servers.add(new InetSocketAddress(a, DnsServerSpec.DEFAULT_PORT)));
            if (servers.size() == MAX_NAMESERVERS) {
                break;
            }
        }
        return List.copyOf(servers);
    }

    /**
     * Like {@link #nameservers}, but falls back to {@code 127.0.0.1:53} when the file lists no server,
     * which is what the C library does.
     */
    public static List<InetSocketAddress> nameserversOrLocal(Path resolvConf) {
        List<InetSocketAddress> servers = nameservers(resolvConf);
        return servers.isEmpty()
                ? List.of(new InetSocketAddress(IpLiterals.parse("127.0.0.1"), DnsServerSpec.DEFAULT_PORT))
                : servers;
    }

    private static Optional<InetAddress> nameserverOf(String line) {
        String[] tokens = line.strip().split("[ \t]+");
        if (tokens.length < 2 || !tokens[0].equals("nameserver")) {
            return Optional.empty();
        }
        return IpLiterals.parseScoped(tokens[1]);
    }
}
