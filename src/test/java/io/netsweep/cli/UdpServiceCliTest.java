package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep -sU -sV} against a real dnsmasq on a loopback address of the test's own: the UDP port's service,
 * product and version in every output (table, JSON Lines, nmap XML, grepable, CSV), in the store and back from it;
 * without {@code -sV}, as for TCP ports, only the port's registered name.
 */
class UdpServiceCliTest {
    private static final LoopbackAddresses ADDRESSES = new LoopbackAddresses(24);
    /** version.bind TXT CH, to tell when dnsmasq answers. */
    private static final byte[] VERSION_BIND = HexFormat.of().parseHex(
            "6e76000000010000000000000776657273696f6e0462696e640000100003");
    private static Process dnsmasq;
    private static InetAddress address;
    private static String version;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        Prerequisites.require(ADDRESSES.mayBindLowPorts(), "dnsmasq listens on port 53: run as root");
        if (!Files.isExecutable(Path.of("/usr/sbin/dnsmasq"))) {
            Prerequisites.missing("/usr/sbin/dnsmasq is not installed (Debian package dnsmasq-base)");
        }
        address = ADDRESSES.next();
        Process v = new ProcessBuilder("/usr/sbin/dnsmasq", "--version").redirectErrorStream(true).start();
        Matcher m = Pattern.compile("Dnsmasq version (\\S+)").matcher(new String(v.getInputStream().readAllBytes()));
        v.waitFor(30, TimeUnit.SECONDS);
        assertThat(m.find()).isTrue();
        version = m.group(1);
        dnsmasq = new ProcessBuilder("/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--no-poll", "--user=nobody", "--group=nogroup", "--listen-address=" + address.getHostAddress(),
                "--bind-interfaces", "--port=53", "--pid-file=", "--log-facility=-").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers(new InetSocketAddress(address, 53))) {
            assertThat(dnsmasq.isAlive()).as("dnsmasq runs").isTrue();
            assertThat(System.nanoTime() - deadline).as("dnsmasq answered within 60 s").isNegative();
        }
    }

    @AfterAll
    static void stopDnsmasq() throws InterruptedException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(10, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean answers(InetSocketAddress target) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(target);
            s.setSoTimeout(200);
            s.send(new DatagramPacket(VERSION_BIND, VERSION_BIND.length));
            s.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Test
    void theUdpPortsServiceShowsInEveryOutputAndInTheStore(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("scans.db");
        Path xml = dir.resolve("scan.xml");
        Path gnmap = dir.resolve("scan.gnmap");
        Path json = dir.resolve("scan.jsonl");
        String ip = address.getHostAddress();
        CliRunner r = CliRunner.run("-sU", "-sV", "-Pn", "-n", "--db", db.toString(), "-p", "U:53", "-oX", xml.toString(),
                "-oG", gnmap.toString(), "-oJ", json.toString(), ip);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^53/udp +open +domain +dnsmasq " + Pattern.quote(version) + "$");
        assertThat(r.out()).contains("cpe: cpe:2.3:a:thekelleys:dnsmasq:" + version);

        JsonNode service = serviceEvent(Files.readString(json));
        assertThat(service.get("proto").asText()).isEqualTo("udp");
        assertThat(service.get("product").asText()).isEqualTo("dnsmasq");
        assertThat(service.get("version").asText()).isEqualTo(version);
        assertThat(service.get("service").asText()).isEqualTo("domain");

        assertThat(Files.readString(xml)).contains("<port protocol=\"udp\" portid=\"53\"><state state=\"open\" "
                + "reason=\"udp-response\" reason_ttl=\"0\"/><service name=\"domain\" product=\"dnsmasq\" version=\""
                + version + "\" method=\"probed\" conf=\"10\"><cpe>cpe:/a:thekelleys:dnsmasq:" + version + "</cpe>"
                + "</service></port>");
        assertThat(Files.readString(gnmap)).contains("Ports: 53/open/udp//domain//dnsmasq " + version + "/");

        CliRunner csv = CliRunner.run("show", "1", "--db", db.toString(), "-o", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> rows = csv.out().lines().toList();
        List<String> header = List.of(rows.getFirst().split(","));
        String[] row = rows.get(1).split(",", -1);
        assertThat(row[header.indexOf("proto")]).isEqualTo("udp");
        assertThat(row[header.indexOf("product")]).isEqualTo("dnsmasq");
        assertThat(row[header.indexOf("version")]).isEqualTo(version);
        assertThat(row[header.indexOf("detected_service")]).isEqualTo("domain");

        CliRunner replayed = CliRunner.run("show", "1", "--db", db.toString(), "-o", "json");
        assertThat(serviceEvent(replayed.out())).isEqualTo(service);
    }

    @Test
    void withoutVersionDetectionTheUdpPortKeepsItsRegisteredNameOnly() {
        CliRunner r = CliRunner.run("-sU", "-Pn", "-n", "--no-save", "-p", "U:53", "-o", "json", address.getHostAddress());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"type\":\"port\"").contains("\"proto\":\"udp\"")
                .doesNotContain("\"type\":\"service\"");
    }

    private static JsonNode serviceEvent(String jsonLines) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> services = new ArrayList<>();
        for (String line : jsonLines.lines().toList()) {
            JsonNode e = m.readTree(line);
            if (e.get("type").asText().equals("service")) {
                services.add(e);
            }
        }
        assertThat(services).hasSize(1);
        return services.getFirst();
    }
}
