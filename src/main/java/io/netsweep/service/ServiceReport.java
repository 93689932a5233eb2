package io.netsweep.service;

import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What service detection learned about one open TCP or UDP port.
 *
 * <p>Maps onto nmap's {@code <service>} element: {@link #service()} is its {@code name}, {@link #product()},
 * {@link #version()} and {@link #extraInfo()} its {@code product}, {@code version} and {@code extrainfo},
 * {@code tunnel="ssl"} when {@link #tls()} is present, {@link #method()} and {@link #confidence()} its
 * {@code method} and {@code conf}, and {@link #cpes()} its {@code <cpe>} children (CPE 2.3 formatted
 * strings here; {@link Cpe#toUri} gives nmap's 2.2 URI form). When an AI/ML product was recognised,
 * {@link #ai()} holds what {@code io.netsweep.identify} reports (category, auth, models, evidence) and
 * product and version are its own. For an MCP server, {@link #mcp()} holds what MCP's own discovery listed
 * (server, protocol version, tools and their annotations), and {@link #ai()} its auth state.
 *
 * <p>Every string came from the network or was derived from it: control and invisible formatting
 * characters are removed and lengths capped here, and {@link #banner()} is escaped, but writers must still
 * escape for their own format. Immutable.
 *
 * @param service    nmap-style service name: {@code ssh}, {@code http}, {@code imap}, {@code mysql}, ...;
 *                   {@code unknown} when something answered that nothing recognised
 * @param product    the product, such as {@code OpenSSH} or {@code nginx}
 * @param version    its version, only where the service disclosed it
 * @param extraInfo  further facts, such as {@code protocol 2.0; Debian 2+deb12u10}
 * @param cpes       CPE 2.3 names of the product (and operating system where the answer showed it)
 * @param tls        the TLS handshake's summary when the service speaks TLS
 * @param banner     for unrecognised services: the first bytes received, escaped ({@code \r}, {@code \n},
 *                   {@code \xNN}) and capped
 * @param ai         the AI/ML identification, when {@code io.netsweep.identify} named the product
 * @param method     how the name was found
 * @param confidence 0..10, nmap's {@code conf}: 10 for a product match, lower for a service name alone
 * @param evidence   a short human-readable reason: which probe's answer matched which catalogue entry
 * @param mcp        what MCP discovery learned, when the port is an MCP endpoint
 */
public record ServiceReport(
        String service, Optional<String> product, Optional<String> version, Optional<String> extraInfo,
        List<String> cpes, Optional<TlsSummary> tls, Optional<String> banner, Optional<ServiceIdentity> ai,
        Method method, int confidence, String evidence, Optional<McpServer> mcp) {
    public static final int MAX_FIELD = 200;
    public static final int MAX_VERSION = 64;
    public static final int MAX_CPES = 8;

    /** How a report's service name was found. */
    public enum Method {
        /** From what the service answered to probes. */
        PROBED,
        /** Only from the port number's registered name (see {@link #guessedFromPort}). */
        TABLE
    }

    public ServiceReport {
        service = Sanitize.field(Objects.requireNonNull(service, "service"), 64);
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service name is empty");
        }
        product = Objects.requireNonNull(product, "product").map(p -> Sanitize.field(p, MAX_FIELD)).filter(p -> !p.isEmpty());
        version = Objects.requireNonNull(version, "version").map(v -> Sanitize.field(v, MAX_VERSION)).filter(v -> !v.isEmpty());
        extraInfo = Objects.requireNonNull(extraInfo, "extraInfo").map(i -> Sanitize.field(i, MAX_FIELD)).filter(i -> !i.isEmpty());
        cpes = cpes.stream().limit(MAX_CPES).toList();
        Objects.requireNonNull(tls, "tls");
        banner = Objects.requireNonNull(banner, "banner").map(ServiceReport::printable);
        Objects.requireNonNull(ai, "ai");
        Objects.requireNonNull(method, "method");
        if (confidence < 0 || confidence > 10) {
            throw new IllegalArgumentException("confidence must be in 0..10: " + confidence);
        }
        evidence = Sanitize.field(Objects.requireNonNull(evidence, "evidence"), MAX_FIELD);
        Objects.requireNonNull(mcp, "mcp");
    }

    /** A report of a port that is not an MCP endpoint. */
    public ServiceReport(
            String service, Optional<String> product, Optional<String> version, Optional<String> extraInfo,
            List<String> cpes, Optional<TlsSummary> tls, Optional<String> banner, Optional<ServiceIdentity> ai,
            Method method, int confidence, String evidence) {
        this(service, product, version, extraInfo, cpes, tls, banner, ai, method, confidence, evidence, Optional.empty());
    }

    /** An escaped banner as it is (spaces included), with anything outside printable ASCII dropped, capped. */
    private static String printable(String banner) {
        StringBuilder out = new StringBuilder(Math.min(banner.length(), Sanitize.MAX_BANNER_TEXT));
        for (int i = 0; i < banner.length() && out.length() < Sanitize.MAX_BANNER_TEXT; i++) {
            char c = banner.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A report for a port nothing was learned about beyond its registered service name (nmap's "table"). */
    public static ServiceReport guessedFromPort(String registeredName) {
        return new ServiceReport(registeredName, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Method.TABLE, 3, "port number only");
    }

    /** nmap's {@code tunnel} attribute: {@code ssl} when the service was reached through TLS. */
    public Optional<String> tunnel() {
        return tls.map(t -> "ssl");
    }
}
