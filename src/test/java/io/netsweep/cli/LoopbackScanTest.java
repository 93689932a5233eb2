package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The command line end to end against listeners this test opens on loopback. */
class LoopbackScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoopbackListeners ports = new LoopbackListeners(3);

    @AfterEach
    void closeListeners() {
        ports.close();
    }

    @Test
    void jsonLinesReportExactlyTheOpenPorts() throws Exception {
        CliRunner r = CliRunner.run("-n", "-Pn", "-o", "json", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Set<Integer> found = new TreeSet<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = JSON.readTree(line);
            if (n.path("type").asText().equals("port")) {
                assertThat(n.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(n.path("state").asText()).isEqualTo("open");
                assertThat(n.path("proto").asText()).isEqualTo("tcp");
                assertThat(n.has("service")).isTrue();
                found.add(n.path("port").asInt());
            }
        }
        assertThat(found).isEqualTo(ports.open());
    }

    @Test
    void showClosedReportsTheClosedPort() throws Exception {
        CliRunner r = CliRunner.run("-n", "-Pn", "-o", "json", "--show", "closed", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"port\":" + ports.closed()).contains("\"state\":\"closed\"");
    }

    @Test
    void tableGroupsPortsUnderTheHost() {
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("127.0.0.1");
        for (int p : ports.open()) {
            assertThat(r.out()).containsPattern("(?m)^\\s*" + p + "/tcp\\s+open");
        }
        assertThat(r.out()).doesNotContainPattern("(?m)^\\s*" + ports.closed() + "/tcp");
    }

    @Test
    void tableListsHostsInAddressOrderWithWhatItDoesNotShow() {
        // -Pn feeds the 30 hosts in a spread-out order, so they complete out of address order.
        CliRunner r = CliRunner.run("-n", "-Pn", "--seed", "5", "-p", ports.list(), "127.0.0.1-30");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> hosts = r.out().lines().filter(l -> l.startsWith("Host ")).map(l -> l.split("  ")[0]).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            expected.add("Host 127.0.0." + i);
        }
        assertThat(hosts).isEqualTo(expected);
        // The listeners are on 127.0.0.1 only: its closed port is not shown, nor any port of the others.
        assertThat(r.out()).contains("Host 127.0.0.1  up  user-set\nNot shown: 1 closed\nPORT ");
        assertThat(r.out()).contains("Host 127.0.0.2  up  user-set\nNot shown: " + (ports.open().size() + 1) + " closed\n");
    }

    @Test
    void csvAndXmlFilesCarryTheSameResults(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("scan.xml");
        Path jsonl = dir.resolve("scan.jsonl");
        CliRunner r = CliRunner.run("-n", "-Pn", "-o", "csv", "-oX", xml.toString(), "-oJ", jsonl.toString(),
                "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (int p : ports.open()) {
            assertThat(r.out()).contains("127.0.0.1").contains("," + p + ",");
            assertThat(Files.readString(jsonl)).contains("\"port\":" + p);
        }
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("nmaprun");
        assertThat(doc.getElementsByTagName("port").getLength()).isEqualTo(ports.open().size());
    }

    @Test
    void ipv6LoopbackIsScannedToo() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            CliRunner r = CliRunner.run("-n", "-Pn", "-o", "json", "-p", String.valueOf(s.getLocalPort()), "::1");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"ip\":\"::1\"").contains("\"port\":" + s.getLocalPort());
        }
    }

    @Test
    void discoveryThenScanFindsLoopbackUp() throws Exception {
        CliRunner r = CliRunner.run("-n", "-o", "json", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"type\":\"host\"").contains("\"status\":\"up\"");
        for (int p : ports.open()) {
            assertThat(r.out()).contains("\"port\":" + p);
        }
    }
}
