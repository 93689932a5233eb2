package io.netsweep.testing;

import io.netsweep.identify.ServiceIdentity;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Service reports as the detector makes them, for tests of what consumes them (writers, the web UI, the
 * orchestrator). The values are those real daemons gave (recorded from Debian 12's, see
 * src/test/resources/io/netsweep/service/recorded).
 */
public final class Reports {
    private Reports() {}

    /** An AI/ML product found on an HTTP port, as detection reports it when no catalogue application named it. */
    public static ServiceReport ai(ServiceIdentity id) {
        return new ServiceReport("http", Optional.of(id.product()), id.version(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10, id.evidence());
    }

    /** Debian 12's OpenSSH, from its banner {@code SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10}. */
    public static ServiceReport openSsh() {
        return new ServiceReport("ssh", Optional.of("OpenSSH"), Optional.of("9.2p1"),
                Optional.of("protocol 2.0; Debian 2+deb12u10"), List.of("cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*"),
                Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10,
                "probes banner; banner matched ssh-openssh");
    }

    /** nginx over TLS with a self-signed certificate. */
    public static ServiceReport nginxTls() {
        return new ServiceReport("http", Optional.of("nginx"), Optional.of("1.22.1"), Optional.empty(),
                List.of("cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*"), Optional.of(selfSigned()), Optional.empty(),
                Optional.empty(), ServiceReport.Method.PROBED, 10, "probes tls tls:banner tls:http; tls:http matched http-nginx");
    }

    /** A service that answered what nothing in the catalogue recognised. */
    public static ServiceReport unknown(String escapedBanner) {
        return new ServiceReport("unknown", Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.of(escapedBanner), Optional.empty(), ServiceReport.Method.PROBED, 0,
                "probes banner; nothing in the catalogue matched");
    }

    public static TlsSummary selfSigned() {
        return new TlsSummary("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.of("svc.lab.test"), "CN=svc.lab.test",
                "CN=svc.lab.test", List.of("DNS:svc.lab.test", "IP:10.232.0.11"), Instant.parse("2026-12-07T03:17:05Z"),
                Instant.parse("2027-12-07T03:17:05Z"), true, "RSA 2048",
                "3f8a0c6e1d2b4a5f9e7c8d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a69");
    }
}
