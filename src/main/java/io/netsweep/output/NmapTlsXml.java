package io.netsweep.output;

import io.netsweep.service.TlsSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A TLS handshake's summary as nmap's XML scripts carry it, so that the readers of nmap's XML find it where
 * they look: {@code ssl-cert} in the shape of nmap's script of that name (its output text, and tables
 * {@code subject}, {@code issuer}, {@code pubkey}, {@code validity}, with the SHA-256 fingerprint where nmap
 * has its MD5 and SHA-1 ones), plus the negotiated protocol and cipher suite; or, inside another script,
 * a {@code tls} table. Names in the subject and issuer get nmap's long attribute names ({@code commonName});
 * a distinguished name that does not parse is kept whole under {@code dn}. Every value is escaped. Stateless.
 */
final class NmapTlsXml {
    /** nmap's names for the attributes of a distinguished name. */
    private static final Map<String, String> LONG_NAMES = Map.of(
            "CN", "commonName", "O", "organizationName", "OU", "organizationalUnitName", "C", "countryName",
            "ST", "stateOrProvinceName", "L", "localityName", "EMAILADDRESS", "emailAddress",
            "DC", "domainComponent", "STREET", "streetAddress");

    /** The attributes nmap's ssl-cert prints, in its order. */
    private static final List<String> NMAP_ORDER =
            List.of("commonName", "organizationName", "stateOrProvinceName", "countryName");
    private static final DateTimeFormatter NMAP_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private NmapTlsXml() {}

    /** nmap's {@code ssl-cert} script, with the protocol and cipher suite as two more elements. */
    static void sslCert(StringBuilder x, TlsSummary t) {
        List<String[]> subject = names(t.subject());
        List<String[]> issuer = names(t.issuer());
        String[] key = t.publicKey().split(" ", 2);
        String keyType = key[0].toLowerCase(Locale.ROOT);
        String keyBits = key.length > 1 ? key[1] : "";
        StringBuilder output = new StringBuilder(256)
                .append("Subject: ").append(oneLine(subject)).append('\n');
        if (!t.sans().isEmpty()) {
            output.append("Subject Alternative Name: ").append(String.join(", ", t.sans())).append('\n');
        }
        output.append("Issuer: ").append(oneLine(issuer)).append('\n')
                .append("Public Key type: ").append(keyType).append('\n')
                .append("Public Key bits: ").append(keyBits).append('\n')
                .append("Not valid before: ").append(nmapTime(t.notBefore())).append('\n')
                .append("Not valid after:  ").append(nmapTime(t.notAfter())).append('\n')
                .append("SHA-256: ").append(t.sha256());
        if (t.selfSigned()) {
            output.append("\nSelf-signed");
        }
        output.append("\nProtocol: ").append(t.protocol()).append(' ').append(t.cipherSuite());
        x.append("<script id=\"ssl-cert\" output=\"").append(XmlText.attr(output.toString())).append("\">");
        table(x, "subject", subject);
        table(x, "issuer", issuer);
        x.append("<table key=\"pubkey\"><elem key=\"type\">").append(XmlText.text(keyType)).append("</elem>")
                .append("<elem key=\"bits\">").append(XmlText.text(keyBits)).append("</elem></table>");
        if (!t.sans().isEmpty()) {
            x.append("<table key=\"sans\">");
            for (String san : t.sans()) {
                x.append("<elem>").append(XmlText.text(san)).append("</elem>");
            }
            x.append("</table>");
        }
        x.append("<table key=\"validity\"><elem key=\"notBefore\">").append(nmapTime(t.notBefore())).append("</elem>")
                .append("<elem key=\"notAfter\">").append(nmapTime(t.notAfter())).append("</elem></table>")
                .append("<elem key=\"sha256\">").append(XmlText.text(t.sha256())).append("</elem>")
                .append("<elem key=\"selfSigned\">").append(t.selfSigned()).append("</elem>")
                .append("<elem key=\"protocol\">").append(XmlText.text(t.protocol())).append("</elem>")
                .append("<elem key=\"cipher\">").append(XmlText.text(t.cipherSuite())).append("</elem>")
                .append("</script>");
    }

    /** The summary as a {@code tls} table inside another script, and as one line for that script's output. */
    static String table(StringBuilder x, TlsSummary t) {
        x.append("<table key=\"tls\">")
                .append("<elem key=\"protocol\">").append(XmlText.text(t.protocol())).append("</elem>")
                .append("<elem key=\"cipher\">").append(XmlText.text(t.cipherSuite())).append("</elem>")
                .append("<elem key=\"subject\">").append(XmlText.text(t.subject())).append("</elem>")
                .append("<elem key=\"issuer\">").append(XmlText.text(t.issuer())).append("</elem>")
                .append("<elem key=\"notAfter\">").append(nmapTime(t.notAfter())).append("</elem>")
                .append("<elem key=\"selfSigned\">").append(t.selfSigned()).append("</elem>")
                .append("<elem key=\"sha256\">").append(XmlText.text(t.sha256())).append("</elem>")
                .append("</table>");
        return ServiceText.tlsBrief(t);
    }

    /**
     * The attributes of a distinguished name in nmap's words, in the order its ssl-cert script prints them
     * (common name, organisation, state, country first; the others after, in the certificate's order); a name
     * that does not parse is kept whole as {@code dn}.
     */
    static List<String[]> names(String dn) {
        List<String[]> out = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) { // the certificate's order: RFC 2253 writes it reversed
                String type = rdn.getType();
                out.add(new String[] {LONG_NAMES.getOrDefault(type.toUpperCase(Locale.ROOT), type),
                        String.valueOf(rdn.getValue())});
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            out.clear();
            out.add(new String[] {"dn", dn});
        }
        out.sort(Comparator.comparingInt(n -> {
            int i = NMAP_ORDER.indexOf(n[0]);
            return i < 0 ? NMAP_ORDER.size() : i;
        }));
        return out;
    }

    private static String oneLine(List<String[]> names) {
        List<String> parts = new ArrayList<>(names.size());
        for (String[] n : names) {
            parts.add(n[0] + "=" + n[1]);
        }
        return String.join("/", parts);
    }

    private static void table(StringBuilder x, String key, List<String[]> names) {
        x.append("<table key=\"").append(key).append("\">");
        for (String[] n : names) {
            x.append("<elem key=\"").append(XmlText.attr(n[0])).append("\">").append(XmlText.text(n[1])).append("</elem>");
        }
        x.append("</table>");
    }

    /** nmap's time format in ssl-cert: ISO-8601 without zone, UTC. */
    private static String nmapTime(Instant at) {
        return NMAP_TIME.format(at);
    }
}
