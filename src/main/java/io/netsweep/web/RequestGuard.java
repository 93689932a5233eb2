package io.netsweep.web;

import io.netsweep.web.http.Exchange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's gatekeeping, applied before any handler runs:
 * <ul>
 *   <li>Host: {@code localhost}, or an address literal of {@code 127.0.0.1}, {@code ::1} or the
 *       bind address (any address of this machine when bound to the wildcard), with the server's
 *       port. A page on another name whose DNS is rebound to 127.0.0.1 sends its own name here and
 *       is turned away (421); a literal cannot be rebound, and literals are never looked up.</li>
 *   <li>Token: every {@code /api} call presents it in {@code Authorization: Bearer} or
 *       {@code X-Netsweep-Token}; only the event stream may carry it as {@code ?token=}, since
 *       {@code EventSource} cannot set headers. Compared in constant time (401).</li>
 *   <li>Origin: every POST carries the server's own origin ({@code http://} and an accepted
 *       Host), which a cross-site form or fetch cannot (403).</li>
 * </ul>
 * Immutable once built for the server's actual port; thread-safe. Public so that other local servers of
 * netsweep ({@code netsweep mcp --http}) apply the same rules.
 */
public final class RequestGuard {
    public static final String TOKEN_HEADER = "X-Netsweep-Token";

    private final byte[] token;
    private final Set<InetAddress> addresses;
    private final String portSuffix;

    /** A guard for a server bound to {@code bind}, listening on {@code port}, whose API needs {@code token}. */
    public RequestGuard(String token, InetAddress bind, int port) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        Set<InetAddress> own = new HashSet<>(List.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")));
        if (bind.isAnyLocalAddress()) {
            own.addAll(localAddresses());
        } else {
            own.add(bind);
        }
        this.addresses = Set.copyOf(own);
        this.portSuffix = ":" + port;
    }

    private static List<InetAddress> localAddresses() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .map(RequestGuard::withoutZone).toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    private static InetAddress withoutZone(InetAddress a) {
        return InetAddress.ofLiteral(literal(a).replace("[", "").replace("]", ""));
    }

    /** {@code 10.0.0.5} or {@code [fe80::1]}: how an address is written in a Host header. */
    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }

    /** Whether {@code host} (a Host header) names this server. */
    public boolean allowsHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (!h.endsWith(portSuffix)) {
            return false;
        }
        String name = h.substring(0, h.length() - portSuffix.length());
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        } else if (name.contains(":")) {
            return false; // an IPv6 literal without brackets is no Host
        }
        if (name.isEmpty() || !name.matches("[0-9a-f:.]+")) {
            return false; // a name, not a literal: never looked up
        }
        try {
            return addresses.contains(InetAddress.ofLiteral(name));
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /** Whether {@code origin} (an Origin header) is this server's own. */
    public boolean allowsOrigin(String origin) {
        return origin != null && origin.regionMatches(true, 0, "http://", 0, 7)
                && !origin.substring(7).contains("/") && allowsHost(origin.substring(7));
    }

    void checkHost(Exchange ex) throws HttpProblem {
        if (!allowsHost(ex.header("Host").orElse(null))) {
            throw new HttpProblem(421, "this server answers only to its own address (Host header refused)");
        }
    }

    void checkToken(Exchange ex, boolean queryAllowed) throws HttpProblem {
        if (!presentsToken(ex, queryAllowed)) {
            throw new HttpProblem(401, "missing or wrong token: open the address netsweep printed");
        }
    }

    /**
     * Whether the request carries the token, in {@code Authorization: Bearer} or {@value #TOKEN_HEADER} (or, where
     * {@code queryAllowed}, as {@code ?token=}). Compared in constant time.
     */
    public boolean presentsToken(Exchange ex, boolean queryAllowed) {
        String given = ex.header(TOKEN_HEADER).orElse(null);
        if (given == null) {
            String auth = ex.header("Authorization").orElse(null);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                given = auth.substring(7).trim();
            }
        }
        if (given == null && queryAllowed) {
            given = Http.query(ex).get("token");
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    void checkOrigin(Exchange ex) throws HttpProblem {
        if (!allowsOrigin(ex.header("Origin").orElse(null))) {
            throw new HttpProblem(403, "cross-origin request refused (Origin header missing or foreign)");
        }
    }
}
