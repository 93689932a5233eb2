package io.netsweep.output;

import io.netsweep.identify.ServiceIdentity;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the writers put a service report into words, the same way in every format: nmap's service name
 * ({@code ssl/http}) and "full version" ({@code OpenSSH 9.2p1 (protocol 2.0)}), and a one-line TLS summary.
 * The text is as the network gave it (reports drop control characters, but not a format's special
 * characters): each writer escapes it for its format. Stateless.
 */
final class ServiceText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private ServiceText() {}

    /** nmap's service name: {@code ssl/http} for a service reached through TLS, else the name itself. */
    static String name(ServiceReport r) {
        return r.tunnel().map(t -> t + "/").orElse("") + r.service();
    }

    /**
     * The extra information nmap writes in parentheses and as {@code extrainfo}: an AI/ML product's category
     * first, then what the service said besides its version ({@code protocol 2.0}, {@code served by nginx}).
     */
    static Optional<String> extraInfo(ServiceReport r) {
        List<String> parts = new ArrayList<>(2);
        r.ai().map(ServiceIdentity::category).filter(c -> !c.isBlank()).ifPresent(parts::add);
        r.extraInfo().ifPresent(parts::add);
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /**
     * nmap's "full version": product, version, then extra information in parentheses, as its VERSION column
     * and grepable version field show it; the extra information alone when the report names no product.
     */
    static String fullVersion(ServiceReport r) {
        if (r.product().isEmpty()) {
            // What the service said of itself without naming a product (an mDNS responder's host name and
            // service types, an NTP server's stratum), as nmap shows an extrainfo alone.
            return extraInfo(r).map(extra -> "(" + extra + ")").orElse("");
        }
        StringBuilder v = new StringBuilder(r.product().get());
        r.version().ifPresent(version -> v.append(' ').append(version));
        extraInfo(r).ifPresent(extra -> v.append(" (").append(extra).append(')'));
        return v.toString();
    }

    /**
     * The TLS handshake in one line for people: {@code TLSv1.3 TLS_AES_256_GCM_SHA384, CN=svc.lab.test,
     * self-signed, RSA 2048, valid 2026-12-07 to 2027-12-07} (dates in UTC).
     */
    static String tlsBrief(TlsSummary t) {
        StringBuilder s = new StringBuilder(t.protocol()).append(' ').append(t.cipherSuite());
        s.append(", ").append(t.subjectCn().map(cn -> "CN=" + cn).orElse(t.subject()));
        s.append(t.selfSigned() ? ", self-signed" : ", issuer " + t.issuer());
        s.append(", ").append(t.publicKey());
        s.append(", valid ").append(day(t.notBefore())).append(" to ").append(day(t.notAfter()));
        return s.toString();
    }

    static String day(Instant at) {
        return DAY.format(at);
    }
}
