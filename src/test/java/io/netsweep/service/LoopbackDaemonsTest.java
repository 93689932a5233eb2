package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Debian daemons, started by this test on loopback addresses of its own with configurations in a
 * temporary directory, and ended by PID: the protocol exchanges against the real thing. Versions come from
 * dpkg, never from a literal. A daemon whose package is missing is skipped with the reason (a failure with
 * NETSWEEP_STRICT_TESTS=1, as in CI, whose .ci/run installs them).
 */
class LoopbackDaemonsTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final boolean STRICT = Prerequisites.strict();

    /** What one daemon must be reported as. */
    private record Expected(String id, String service, String product, String dpkgPackage, boolean disclosesVersion,
            boolean tls) {}

    private static final Map<Expected, InetSocketAddress> started = new LinkedHashMap<>();
    private static final Map<String, String> skipped = new ConcurrentHashMap<>();
    private static final List<Daemon> daemons = new ArrayList<>();
    private static final Map<Expected, Optional<ServiceReport>> reports = new LinkedHashMap<>();
    private static boolean madeRunSshd;

    @BeforeAll
    static void startDaemonsAndDetectThem(@TempDir Path dir) throws Exception {
        LoopbackAddresses addresses = new LoopbackAddresses(3);
        Prerequisites.require(addresses.mayBindLowPorts(), "the daemons listen on their own port numbers: run as root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<Expected, Callable> starters = new LinkedHashMap<>();
        starters.put(new Expected("openssh", "ssh", "OpenSSH", "openssh-server", true, false), a -> sshd(dir, a));
        starters.put(new Expected("nginx", "http", "nginx", "nginx", true, false), a -> nginx(dir, a));
        starters.put(new Expected("redis", "redis", "Redis key-value store", "redis-server", true, false), a -> redis(dir, a));
        starters.put(new Expected("memcached", "memcached", "Memcached", "memcached", true, false), a -> memcached(dir, a));
        starters.put(new Expected("mosquitto", "mqtt", "Mosquitto", "mosquitto", true, false), a -> mosquitto(dir, a));
        starters.put(new Expected("dnsmasq", "domain", "dnsmasq", "dnsmasq-base", true, false), a -> dnsmasq(dir, a));
        starters.put(new Expected("slapd", "ldap", "OpenLDAP", "slapd", false, false), a -> slapd(dir, a));
        starters.put(new Expected("vsftpd", "ftp", "vsftpd", "vsftpd", true, false), a -> vsftpd(dir, a));
        starters.put(new Expected("postgresql", "postgresql", "PostgreSQL", "postgresql-15", false, false), a -> postgres(dir, a));
        starters.put(new Expected("mariadb", "mysql", "MariaDB", "mariadb-server", true, false), a -> mariadb(dir, a));
        Map<Expected, InetAddress> assigned = new LinkedHashMap<>();
        starters.keySet().forEach(e -> assigned.put(e, addresses.next()));
        Expected nginxTls = new Expected("nginx-tls", "http", "nginx", "nginx", true, true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Expected, Future<List<InetSocketAddress>>> starting = new LinkedHashMap<>();
            for (var e : starters.entrySet()) {
                starting.put(e.getKey(), pool.submit(() -> e.getValue().start(assigned.get(e.getKey()))));
            }
            for (var e : starting.entrySet()) {
                try {
                    List<InetSocketAddress> ports = e.getValue().get(START.toSeconds() + 30, TimeUnit.SECONDS);
                    if (ports.isEmpty()) {
                        continue;
                    }
                    started.put(e.getKey(), ports.getFirst());
                    if (e.getKey().id().equals("nginx")) {
                        started.put(nginxTls, ports.get(1));
                    }
                } catch (java.util.concurrent.ExecutionException failure) {
                    skipped.put(e.getKey().id(), String.valueOf(failure.getCause()));
                }
            }
        }
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            long begun = System.nanoTime();
            Map<Expected, CompletableFuture<Optional<ServiceReport>>> pending = new LinkedHashMap<>();
            started.forEach((e, a) -> pending.put(e, detector.detect(a.getAddress(), a.getPort()).toCompletableFuture()));
            for (var e : pending.entrySet()) {
                reports.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
            }
            System.out.printf("detected %d real daemon ports at once in %d ms%n", pending.size(),
                    (System.nanoTime() - begun) / 1_000_000);
        }
    }

    @AfterAll
    static void stopDaemons() throws IOException {
        for (Daemon d : daemons) {
            d.close();
        }
        if (madeRunSshd) {
            Files.deleteIfExists(Path.of("/run/sshd"));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDaemonIsNamedWithItsVersion() {
        List<DynamicTest> tests = new ArrayList<>();
        skipped.forEach((id, why) -> tests.add(DynamicTest.dynamicTest(id, () -> {
            if (STRICT || !why.contains("not installed")) {
                throw new AssertionError(id + " could not be started: " + why);
            }
            assumeTrue(false, id + ": " + why);
        })));
        reports.forEach((e, report) -> tests.add(DynamicTest.dynamicTest(e.id(), () -> {
            ServiceReport r = report.orElseThrow(() -> new AssertionError("no report for " + e.id()));
            assertThat(r.service()).as("%s", r).isEqualTo(e.service());
            assertThat(r.product()).as("%s", r).contains(e.product());
            String upstream = upstreamVersion(e.dpkgPackage());
            if (e.disclosesVersion()) {
                assertThat(r.version()).as("%s", r).contains(upstream);
            } else {
                assertThat(r.version()).as("%s", r).isEmpty();
            }
            assertThat(r.tls().isPresent()).as("%s", r).isEqualTo(e.tls());
        })));
        return tests.stream();
    }

    // ------------------------------------------------------------------ daemons

    @FunctionalInterface
    private interface Callable {
        List<InetSocketAddress> start(InetAddress address) throws Exception;
    }

    private static List<InetSocketAddress> launch(String id, String binary, List<String> command, Path dir,
            InetSocketAddress ready, InetSocketAddress... more) throws Exception {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(binary + " is not installed");
        }
        Daemon daemon = Daemon.start(id, command, dir, ready, START);
        synchronized (daemons) {
            daemons.add(daemon);
        }
        List<InetSocketAddress> ports = new ArrayList<>(List.of(ready));
        for (InetSocketAddress m : more) {
            Daemon.start(id + "-check", List.of("true"), dir, m, START).close();
            ports.add(m);
        }
        return ports;
    }

    private static Path sub(Path dir, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    private static List<InetSocketAddress> sshd(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "sshd");
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
            throw new IllegalStateException("/usr/sbin/sshd is not installed");
        }
        Daemon.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", d.resolve("host_key").toString()),
                Duration.ofSeconds(60));
        Path config = d.resolve("sshd_config");
        Files.writeString(config, String.join("\n", "ListenAddress " + a.getHostAddress() + ":22",
                "HostKey " + d.resolve("host_key"), "PidFile " + d.resolve("sshd.pid"), "UsePAM no",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication no",
                "DenyUsers *", "StrictModes no", ""));
        synchronized (LoopbackDaemonsTest.class) {
            Path run = Path.of("/run/sshd");
            if (!Files.isDirectory(run)) {
                Files.createDirectories(run);
                madeRunSshd = true;
            }
        }
        return launch("sshd", "/usr/sbin/sshd", List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()), dir,
                new InetSocketAddress(a, 22));
    }

    private static List<InetSocketAddress> nginx(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "nginx");
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            throw new IllegalStateException("/usr/sbin/nginx is not installed");
        }
        Daemon.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", d.resolve("key.pem").toString(), "-out", d.resolve("cert.pem").toString(),
                "-subj", "/CN=nginx.test", "-days", "2", "-addext", "subjectAltName=DNS:nginx.test"), Duration.ofSeconds(60));
        Files.writeString(sub(d, "www").resolve("index.html"), "<html><body>netsweep test nginx</body></html>\n");
        String host = a.getHostAddress();
        Files.writeString(d.resolve("nginx.conf"), String.join("\n", "daemon off;", "master_process off;",
                "pid " + d.resolve("nginx.pid") + ";", "error_log stderr;", "events { worker_connections 64; }",
                "http {", "  access_log off;", "  client_body_temp_path " + d + "/tmp-body;",
                "  proxy_temp_path " + d + "/tmp-proxy;", "  fastcgi_temp_path " + d + "/tmp-fcgi;",
                "  uwsgi_temp_path " + d + "/tmp-uwsgi;", "  scgi_temp_path " + d + "/tmp-scgi;",
                "  server { listen " + host + ":80; root " + d.resolve("www") + "; }",
                "  server { listen " + host + ":443 ssl; root " + d.resolve("www") + ";",
                "    ssl_certificate " + d.resolve("cert.pem") + "; ssl_certificate_key " + d.resolve("key.pem") + "; }",
                "}", ""));
        return launch("nginx", "/usr/sbin/nginx", List.of("/usr/sbin/nginx", "-p", d.toString(), "-c",
                d.resolve("nginx.conf").toString()), dir, new InetSocketAddress(a, 80), new InetSocketAddress(a, 443));
    }

    private static List<InetSocketAddress> redis(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "redis");
        return launch("redis", "/usr/bin/redis-server", List.of("/usr/bin/redis-server", "--bind", a.getHostAddress(),
                "--port", "6379", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", d.toString(), "--logfile", ""), dir, new InetSocketAddress(a, 6379));
    }

    private static List<InetSocketAddress> memcached(Path dir, InetAddress a) throws Exception {
        return launch("memcached", "/usr/bin/memcached", List.of("/usr/bin/memcached", "-l", a.getHostAddress(), "-p",
                "11211", "-U", "0", "-u", "nobody"), dir, new InetSocketAddress(a, 11211));
    }

    private static List<InetSocketAddress> mosquitto(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "mosquitto");
        Path config = d.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n", "listener 1883 " + a.getHostAddress(), "allow_anonymous true",
                "persistence false", "log_dest stderr", ""));
        return launch("mosquitto", "/usr/sbin/mosquitto", List.of("/usr/sbin/mosquitto", "-c", config.toString()), dir,
                new InetSocketAddress(a, 1883));
    }

    private static List<InetSocketAddress> dnsmasq(Path dir, InetAddress a) throws Exception {
        return launch("dnsmasq", "/usr/sbin/dnsmasq", List.of("/usr/sbin/dnsmasq", "--keep-in-foreground",
                "--no-resolv", "--no-hosts", "--no-poll", "--user=nobody", "--group=nogroup",
                "--listen-address=" + a.getHostAddress(), "--bind-interfaces", "--port=53", "--pid-file=",
                "--log-facility=-"), dir, new InetSocketAddress(a, 53));
    }

    private static List<InetSocketAddress> slapd(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "slapd");
        Path db = sub(d, "db");
        Path config = d.resolve("slapd.conf");
        Files.writeString(config, String.join("\n", "include /etc/ldap/schema/core.schema",
                "pidfile " + d.resolve("slapd.pid"), "argsfile " + d.resolve("slapd.args"), "modulepath /usr/lib/ldap",
                "moduleload back_mdb", "database mdb", "maxsize 10485760", "suffix \"dc=lab,dc=test\"",
                "directory " + db, ""));
        return launch("slapd", "/usr/sbin/slapd", List.of("/usr/sbin/slapd", "-d", "0", "-f", config.toString(), "-h",
                "ldap://" + a.getHostAddress() + ":389/"), dir, new InetSocketAddress(a, 389));
    }

    private static List<InetSocketAddress> vsftpd(Path dir, InetAddress a) throws Exception {
        Path d = sub(dir, "vsftpd");
        Path empty = sub(d, "empty");
        Files.writeString(d.resolve("nobody-may-log-in"), "");
        Path config = d.resolve("vsftpd.conf");
        Files.writeString(config, String.join("\n", "listen=YES", "listen_ipv6=NO", "listen_address=" + a.getHostAddress(),
                "listen_port=21", "background=NO", "anonymous_enable=NO", "local_enable=YES", "write_enable=NO",
                "userlist_enable=YES", "userlist_deny=NO", "userlist_file=" + d.resolve("nobody-may-log-in"),
                "secure_chroot_dir=" + empty, "nopriv_user=nobody", "xferlog_enable=NO", ""));
        return launch("vsftpd", "/usr/sbin/vsftpd", List.of("/usr/sbin/vsftpd", config.toString()), dir,
                new InetSocketAddress(a, 21));
    }

    private static List<InetSocketAddress> postgres(Path dir, InetAddress a) throws Exception {
        String bin = "/usr/lib/postgresql/15/bin/";
        if (!Files.isExecutable(Path.of(bin + "postgres"))) {
            throw new IllegalStateException(bin + "postgres is not installed");
        }
        Path d = sub(dir, "postgresql");
        Daemon.run(List.of("chown", "postgres", d.toString()), Duration.ofSeconds(30));
        Path data = d.resolve("data");
        Daemon.run(List.of("runuser", "-u", "postgres", "--", bin + "initdb", "-D", data.toString(), "-A", "reject",
                "--no-sync", "-U", "postgres"), START);
        return launch("postgresql", bin + "postgres", List.of("runuser", "-u", "postgres", "--", bin + "postgres", "-D",
                data.toString(), "-c", "listen_addresses=" + a.getHostAddress(), "-c", "port=5432", "-c",
                "unix_socket_directories=" + d), dir, new InetSocketAddress(a, 5432));
    }

    private static List<InetSocketAddress> mariadb(Path dir, InetAddress a) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/mariadbd"))) {
            throw new IllegalStateException("/usr/sbin/mariadbd is not installed");
        }
        Path d = sub(dir, "mariadb");
        Path data = d.resolve("data");
        Daemon.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
                "--skip-test-db", "--auth-root-authentication-method=normal"), START);
        return launch("mariadb", "/usr/sbin/mariadbd", List.of("/usr/sbin/mariadbd", "--no-defaults",
                "--datadir=" + data, "--bind-address=" + a.getHostAddress(), "--port=3306",
                "--socket=" + d.resolve("mysqld.sock"), "--pid-file=" + d.resolve("mysqld.pid"), "--user=root",
                "--skip-grant-tables", "--skip-log-error"), dir, new InetSocketAddress(a, 3306));
    }

    /** The upstream version of an installed package: without epoch, Debian revision and +dfsg/+ds suffix. */
    static String upstreamVersion(String dpkgPackage) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", dpkgPackage).redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        v = v.replaceFirst("^\\d+:", "");
        int dash = v.lastIndexOf('-');
        if (dash > 0) {
            v = v.substring(0, dash);
        }
        return v.replaceFirst("\\+(?:dfsg|ds).*$", "");
    }

}
