package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine against the service lab's recorded daemons (33 ports of 28 real Debian daemons), each
 * played back on its own loopback address and its real port number, all detected at once as a scan would:
 * the product named as the ground truth names it (bench/sv's rule: its normalised name contains an accepted
 * one), the version exactly where the daemon disclosed it, no version where it hid it. TLS ports are played
 * back inside TLS with a certificate made for the test, so their certificate summary is checked too.
 */
class RecordedDaemonReplayTest {
    /** Accepted product names per ground-truth product, normalised, as bench/sv scores them. */
    private static final Map<String, List<String>> ACCEPTED = Map.ofEntries(
            Map.entry("OpenSSH", List.of("openssh")), Map.entry("nginx", List.of("nginx")),
            Map.entry("Apache httpd", List.of("apachehttpd")), Map.entry("Postfix smtpd", List.of("postfix")),
            Map.entry("Dovecot", List.of("dovecot")), Map.entry("vsftpd", List.of("vsftpd")),
            Map.entry("PostgreSQL", List.of("postgresql")), Map.entry("MariaDB", List.of("mariadb", "mysql")),
            Map.entry("Redis", List.of("redis")), Map.entry("Memcached", List.of("memcached")),
            Map.entry("Mosquitto", List.of("mosquitto")), Map.entry("OpenLDAP", List.of("openldap")),
            Map.entry("Samba smbd", List.of("samba")), Map.entry("lighttpd", List.of("lighttpd")),
            Map.entry("Caddy", List.of("caddy")), Map.entry("Squid http proxy", List.of("squid")),
            Map.entry("HAProxy", List.of("haproxy")), Map.entry("Apache Tomcat", List.of("tomcat")),
            Map.entry("etcd", List.of("etcd")), Map.entry("InfluxDB", List.of("influxdb")),
            Map.entry("Prometheus", List.of("prometheus")), Map.entry("Prometheus Node Exporter", List.of("nodeexporter")),
            Map.entry("RabbitMQ", List.of("rabbitmq")), Map.entry("Erlang Port Mapper Daemon", List.of("erlangportmapper", "epmd")),
            Map.entry("Erlang distribution", List.of("erlangdistribution", "erlang")),
            Map.entry("Jupyter Notebook", List.of("jupyter")), Map.entry("ProFTPD", List.of("proftpd")),
            Map.entry("dnsmasq", List.of("dnsmasq")), Map.entry("MCP server-everything", List.of("mcp")));

    /**
     * Recordings whose answers cannot show the product to this engine, and the service it must still name:
     * slapd was asked for named attributes only, not the object classes that mark OpenLDAP (LoopbackDaemonsTest
     * asks a real slapd); the MCP server's GET /mcp was not recorded (its POST was).
     */
    private static final Map<String, String> SERVICE_ONLY = Map.of("slapd", "ldap", "mcp-everything", "http");

    private static final List<ReplayServer> servers = new ArrayList<>();
    private static final Map<Recorded, Optional<ServiceReport>> reports = new LinkedHashMap<>();
    private static long wallMillis;

    @BeforeAll
    static void detectEveryRecordedPortAtOnce(@TempDir Path dir) throws Exception {
        LoopbackAddresses addresses = new LoopbackAddresses(1);
        Prerequisites.require(addresses.mayBindLowPorts(), "replaying needs the recorded (low) port numbers: run as root");
        SSLContext tls = new TestCertificates(dir).selfSigned("svc", "CN=svc.lab.test, O=netsweep lab",
                "-ext", "san=dns:svc.lab.test");
        for (Recorded r : Recorded.all()) {
            servers.add(new ReplayServer(r, addresses.next(), r.tls() ? tls : null));
        }
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            long started = System.nanoTime();
            Map<Recorded, CompletableFuture<Optional<ServiceReport>>> pending = new LinkedHashMap<>();
            for (int i = 0; i < servers.size(); i++) {
                ReplayServer s = servers.get(i);
                pending.put(Recorded.all().get(i), detector.detect(s.address(), s.port()).toCompletableFuture());
            }
            for (var e : pending.entrySet()) {
                reports.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
            }
            wallMillis = (System.nanoTime() - started) / 1_000_000;
        }
    }

    @AfterAll
    static void stopReplays() throws Exception {
        for (ReplayServer s : servers) {
            s.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedPortIsNamedAsItsDaemon() {
        System.out.printf("detected %d recorded ports at once in %d ms%n", reports.size(), wallMillis);
        return reports.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().file(), () -> {
            Recorded truth = e.getKey();
            ServiceReport report = e.getValue().orElseThrow(() -> new AssertionError("no report for " + truth));
            String described = report.toString();
            if (SERVICE_ONLY.containsKey(truth.service())) {
                assertThat(report.service()).as(described).isEqualTo(SERVICE_ONLY.get(truth.service()));
            } else {
                String product = normalise(report.product().orElse(""));
                assertThat(ACCEPTED.get(truth.product())).as("product of %s", described).anyMatch(product::contains);
                if (truth.product().equals("Prometheus")) {
                    assertThat(product).doesNotContain("nodeexporter");
                }
            }
            Pattern version = Pattern.compile("(?<![0-9A-Za-z.])" + Pattern.quote(truth.version()) + "(?![0-9])");
            if (discloses(truth, version)) {
                assertThat(report.version()).as("version of %s", described)
                        .hasValueSatisfying(v -> assertThat(version.matcher(v).find()).as(v).isTrue());
            } else {
                assertThat(report.version()).as("no version claimed for %s, which hides it", described).isEmpty();
            }
            if (truth.tls()) {
                assertThat(report.tls()).as(described).hasValueSatisfying(t -> {
                    assertThat(t.subjectCn()).contains("svc.lab.test");
                    assertThat(t.sans()).containsExactly("svc.lab.test");
                    assertThat(t.selfSigned()).isTrue();
                    assertThat(t.protocol()).startsWith("TLSv1.");
                });
            } else {
                assertThat(report.tls()).as(described).isEmpty();
            }
            assertThat(report.method()).isEqualTo(ServiceReport.Method.PROBED);
        }));
    }

    /**
     * Whether the daemon disclosed its version: as its recording says, or when one of its recorded answers
     * states it (node_exporter's recording says no, but its /metrics answer names 1.5.0).
     */
    private static boolean discloses(Recorded truth, Pattern version) {
        return truth.disclosesVersion() || truth.exchanges().stream().anyMatch(e -> version.matcher(
                new String(e.received(), java.nio.charset.StandardCharsets.ISO_8859_1)).find());
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
