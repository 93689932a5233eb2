package io.netsweep.identify;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context used only to read identification metadata from services that speak HTTPS.
 *
 * <p>It accepts any certificate and does no host name check, on purpose: the services netsweep
 * identifies are addressed by IP and almost always present self-signed or internal certificates, so a
 * verifying client would identify nothing. That is safe here because of what the probes do: they send
 * no credentials, no cookies and no request body, only a fixed GET of public metadata paths, and what
 * comes back is treated as untrusted data anyway. The context is created per {@link ServiceIdentifier},
 * is never installed as a default and is never handed to other code; sockets made from it do not set
 * an endpoint identification algorithm, so host names are not verified for this client only.
 *
 * <p>Public for service detection ({@code io.netsweep.service}), which reads certificates of TLS services
 * under the same rules: it sends no credentials and treats every answer as untrusted data. Each call
 * returns a factory over a new context of its own.
 */
public final class TrustAllTls {
    private TrustAllTls() {}

    /** A new socket factory whose context accepts any server certificate; never install it as a default. */
    public static SSLSocketFactory socketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no TLS context", e);
        }
    }

    /** Extended so that the JDK does not wrap it with its own host name checks. */
    private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
