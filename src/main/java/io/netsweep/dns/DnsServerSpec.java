package io.netsweep.dns;

import io.netsweep.target.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Parses the value of {@code --dns-server}: {@code IP}, {@code IP:PORT}, {@code IPV6}, {@code [IPV6]} or
 * {@code [IPV6]:PORT} (IPv6 may carry a {@code %scope}). The port defaults to 53. Names are refused: a
 * DNS server given by name would need DNS to be found. Stateless and thread-safe.
 */
public final class DnsServerSpec {
    public static final int DEFAULT_PORT = 53;

    private DnsServerSpec() {}

    /**
     * The server {@code spec} names.
     *
     * @throws IllegalArgumentException with a one-line message fit for a person, when {@code spec} is not
     *                                  one of the accepted forms
     */
    public static InetSocketAddress parse(String spec) {
        String text = spec.strip();
        if (text.isEmpty()) {
            throw bad(spec, "empty");
        }
        if (text.startsWith("[")) {
            return bracketed(spec, text);
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
            // exactly one colon: IPv4 with a port
            return new InetSocketAddress(address(spec, text.substring(0, colon)), port(spec, text.substring(colon + 1)));
        }
        return new InetSocketAddress(address(spec, text), DEFAULT_PORT);
    }

    private static InetSocketAddress bracketed(String spec, String text) {
        int close = text.indexOf(']');
        if (close < 0) {
            throw bad(spec, "missing ']'");
        }
        String inner = text.substring(1, close);
        if (inner.indexOf(':') < 0) {
            throw bad(spec, "brackets are for IPv6 addresses");
        }
        InetAddress address = address(spec, inner);
        String rest = text.substring(close + 1);
        if (rest.isEmpty()) {
            return new InetSocketAddress(address, DEFAULT_PORT);
        }
        if (!rest.startsWith(":")) {
            throw bad(spec, "expected ':PORT' after ']'");
        }
        return new InetSocketAddress(address, port(spec, rest.substring(1)));
    }

    private static InetAddress address(String spec, String text) {
        Optional<InetAddress> address = IpLiterals.parseScoped(text);
        return address.orElseThrow(() -> bad(spec, "not an IP address"));
    }

    private static int port(String spec, String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(spec, "port must be a number 1-65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw bad(spec, "port must be a number 1-65535");
        }
        return port;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        String shown = DnsNames.printable(spec, 80);
        return new IllegalArgumentException(
                "invalid DNS server '" + shown + "': " + why + " (use IP, IP:PORT or [IPv6]:PORT)");
    }
}
