package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UDP service detection against real Debian daemons on loopback addresses of the test's own, on their own ports:
 * dnsmasq (DNS, 53/udp) and Net-SNMP's snmpd (SNMP, 161/udp), each named with the version the daemon itself
 * reports ({@code dnsmasq --version}, {@code snmpd -v}), and snmpd's sysDescr read for the kernel it runs on.
 */
class UdpDaemonsLoopbackTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final LoopbackAddresses ADDRESSES = new LoopbackAddresses(21);

    @Test
    void dnsmasqIsNamedWithTheVersionItReportsItself(@TempDir Path dir) throws Exception {
        Prerequisites.require(ADDRESSES.mayBindLowPorts(), "dnsmasq listens on port 53: run as root");
        requireInstalled("/usr/sbin/dnsmasq", "dnsmasq-base");
        InetAddress a = ADDRESSES.next();
        InetSocketAddress target = new InetSocketAddress(a, 53);
        byte[] query = new DnsVersionQuery("ready", "version.bind").request(a);
        try (Daemon d = Daemon.startUdp("dnsmasq", List.of("/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-resolv",
                "--no-hosts", "--no-poll", "--user=nobody", "--group=nogroup", "--listen-address=" + a.getHostAddress(),
                "--bind-interfaces", "--port=53", "--pid-file=", "--log-facility=-"), dir, target, query, START)) {
            String own = firstMatch(List.of("/usr/sbin/dnsmasq", "--version"), "Dnsmasq version (\\S+)");
            ServiceReport r = detect(target);
            assertThat(r.service()).as("%s", r).isEqualTo("domain");
            assertThat(r.product()).as("%s", r).contains("dnsmasq");
            assertThat(r.version()).as("%s", r).contains(own);
            assertThat(r.cpes()).contains("cpe:2.3:a:thekelleys:dnsmasq:" + own + ":*:*:*:*:*:*:*");
            assertThat(r.evidence()).contains("dns-version-bind matched dnsmasq-udp");
        }
    }

    @Test
    void snmpdIsNamedWithItsVersionAndTheKernelItsSysDescrNames(@TempDir Path dir) throws Exception {
        Prerequisites.require(ADDRESSES.mayBindLowPorts(), "snmpd listens on port 161: run as root");
        requireInstalled("/usr/sbin/snmpd", "snmpd");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        InetAddress a = ADDRESSES.next();
        InetSocketAddress target = new InetSocketAddress(a, 161);
        Path config = dir.resolve("snmpd.conf");
        Files.writeString(config, "rocommunity public default\n");
        byte[] query = new SnmpSystemQuery(true).request(a);
        try (Daemon d = Daemon.startUdp("snmpd", List.of("env", "SNMP_PERSISTENT_DIR=" + dir, "MIBS=", "/usr/sbin/snmpd",
                "-f", "-Lo", "-C", "-c", config.toString(), "-p", dir.resolve("snmpd.pid").toString(),
                "udp:" + a.getHostAddress() + ":161"), dir, target, query, START)) {
            String own = firstMatch(List.of("/usr/sbin/snmpd", "-v"), "NET-SNMP version:\\s+(\\S+)");
            String kernel = firstMatch(List.of("uname", "-r"), "(\\S+)");
            ServiceReport r = detect(target);
            assertThat(r.service()).as("%s", r).isEqualTo("snmp");
            assertThat(r.product()).as("%s", r).contains("Net-SNMP");
            assertThat(r.version()).as("%s", r).contains(own);
            assertThat(r.extraInfo()).as("%s", r).hasValueSatisfying(i -> assertThat(i)
                    .startsWith("SNMPv2c").endsWith("Linux " + kernel));
            assertThat(r.cpes()).contains("cpe:2.3:o:linux:linux_kernel:" + kernel + ":*:*:*:*:*:*:*");
        }
    }

    private static ServiceReport detect(InetSocketAddress target) throws Exception {
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            Optional<ServiceReport> r = detector.detectUdp(target.getAddress(), target.getPort()).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            return r.orElseThrow(() -> new AssertionError("no report for " + target));
        }
    }

    private static void requireInstalled(String binary, String pkg) {
        if (!Files.isExecutable(Path.of(binary))) {
            Prerequisites.missing(binary + " is not installed (Debian package " + pkg + ")");
        }
    }

    /** Group 1 of the first match of {@code regex} in what {@code command} prints. */
    private static String firstMatch(List<String> command, String regex) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("%s printed %s", command, out).isTrue();
        return m.group(1);
    }
}
