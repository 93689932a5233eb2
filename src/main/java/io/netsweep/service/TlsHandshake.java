package io.netsweep.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Upgrades a probe connection to TLS and summarises what the server showed. The socket factory accepts
 * any certificate (see {@code io.netsweep.identify.TrustAllTls}: no credentials are ever sent, and what comes
 * back is data to describe, not to trust) and is created once per detector, on the first TLS probe.
 * Thread-safe.
 */
final class TlsHandshake {
    private static final int MAX_NAME = 200;

    /** How a handshake ended. */
    sealed interface Outcome permits Established, Refused {}

    /** The tunnel is up: later probes go through {@code connection}. */
    record Established(Connection connection, TlsSummary summary) implements Outcome {}

    /** No tunnel: the peer does not speak TLS, closed, or did not answer in time. */
    record Refused(String reason) implements Outcome {}

    private final Supplier<SSLSocketFactory> factorySource;
    private volatile SSLSocketFactory factory;

    TlsHandshake(Supplier<SSLSocketFactory> factorySource) {
        this.factorySource = factorySource;
    }

    /** Runs a handshake over {@code plain} within the port's deadline; on failure {@code plain} is closed. */
    Outcome upgrade(Connection plain, InetSocketAddress target, PortBudget budget) {
        try {
            SSLSocket ssl = (SSLSocket) factory().createSocket(plain.socket(), literal(target), target.getPort(), true);
            Connection tunnel = plain.upgrade(ssl);
            try {
                ssl.setUseClientMode(true);
                ssl.setSoTimeout(Connection.millis(budget.nanosLeft()));
                ssl.startHandshake();
                return new Established(tunnel, summary(ssl.getSession()));
            } catch (IOException | RuntimeException e) {
                tunnel.close();
                throw e;
            }
        } catch (SocketTimeoutException e) {
            plain.close();
            return new Refused("no TLS answer in time");
        } catch (SSLException e) {
            plain.close();
            return new Refused("not TLS");
        } catch (IOException | RuntimeException e) {
            // A reset or a JDK-side failure on a hostile handshake: no tunnel, and the scan goes on.
            plain.close();
            return new Refused("handshake failed");
        }
    }

    private SSLSocketFactory factory() {
        SSLSocketFactory f = factory;
        if (f == null) {
            synchronized (this) {
                f = factory;
                if (f == null) {
                    f = factorySource.get();
                    factory = f;
                }
            }
        }
        return f;
    }

    static TlsSummary summary(SSLSession session) throws IOException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            throw new SSLException("no X.509 certificate");
        }
        String subject = cert.getSubjectX500Principal().getName();
        String issuer = cert.getIssuerX500Principal().getName();
        return new TlsSummary(
                Sanitize.field(session.getProtocol(), 32), Sanitize.field(session.getCipherSuite(), 100),
                commonName(subject), Sanitize.field(subject, MAX_NAME), Sanitize.field(issuer, MAX_NAME), sans(cert),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), selfSigned(cert),
                key(cert.getPublicKey()), sha256(cert));
    }

    static Optional<String> commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = Sanitize.field(String.valueOf(rdn.getValue()), MAX_NAME);
                    return cn.isEmpty() ? Optional.empty() : Optional.of(cn);
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static List<String> sans(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) {
                return names;
            }
            for (List<?> entry : all) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer type && (type == 2 || type == 7)
                        && entry.get(1) instanceof String value) {
                    String clean = Sanitize.field(value, MAX_NAME);
                    if (!clean.isEmpty() && names.size() < TlsSummary.MAX_SANS) {
                        names.add(clean);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return names;
        }
        return names;
    }

    private static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String key(PublicKey key) {
        return switch (key) {
            case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
            case ECPublicKey ec -> "EC " + ec.getParams().getCurve().getField().getFieldSize();
            default -> Sanitize.field(key.getAlgorithm(), 32);
        };
    }

    private static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no SHA-256", e);
        }
    }

    private static String literal(InetSocketAddress target) {
        String literal = target.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }
}
