package io.netsweep.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a TLS handshake showed about a service: the negotiated version and cipher suite and a summary of
 * the certificate the server presented (the first of its chain). The certificate was not verified: this
 * describes it, it does not vouch for it.
 *
 * <p>Every string came from the network: control and invisible formatting characters are already removed
 * and lengths capped, but writers must still escape them for their format. Immutable.
 *
 * @param protocol    the negotiated protocol, such as {@code TLSv1.3}
 * @param cipherSuite the negotiated cipher suite, such as {@code TLS_AES_256_GCM_SHA384}
 * @param subjectCn   the subject's common name, if it has one
 * @param subject     the subject's distinguished name (RFC 2253)
 * @param issuer      the issuer's distinguished name (RFC 2253)
 * @param sans        subject alternative names: DNS names and IP addresses, at most {@link #MAX_SANS}
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 * @param selfSigned  the issuer is the subject and the certificate's signature verifies with its own key
 * @param publicKey   key algorithm and size, such as {@code RSA 2048} or {@code EC 256}
 * @param sha256      SHA-256 fingerprint of the certificate's DER encoding, lower-case hex
 */
public record TlsSummary(
        String protocol, String cipherSuite, Optional<String> subjectCn, String subject, String issuer,
        List<String> sans, Instant notBefore, Instant notAfter, boolean selfSigned, String publicKey,
        String sha256) {
    public static final int MAX_SANS = 32;

    public TlsSummary {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(subjectCn, "subjectCn");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        sans = sans.stream().limit(MAX_SANS).toList();
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Whether the certificate was outside its validity period at {@code now}. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(notAfter) || now.isBefore(notBefore);
    }
}
