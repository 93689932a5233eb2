package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.lab.LabNetwork;
import io.netsweep.lab.ServiceLab;
import io.netsweep.lab.ServiceLab.Service;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.Prerequisites;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * {@code netsweep -sV} end to end against the real Debian daemons of the service lab ({@link ServiceLab}): run
 * as a process inside the lab's scanner namespace (no route out) on every service port of the lab, it names
 * every daemon's product, with the version of the ground truth where the daemon discloses it and none where it
 * hides it; its nmap XML says the same, ndiff reports a version that changed, and nmap's stylesheet shows it.
 */
class VersionScanLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NMAP_XSL = Path.of("/usr/share/nmap/nmap.xsl");
    /** Ground-truth products whose reported name is another (the reference MCP server calls itself an MCP server). */
    private static final Map<String, String> ALSO_NAMED = Map.of("MCP server-everything", "MCP server");

    private static ServiceLab lab;
    private static Path dir;
    private static Map<String, JsonNode> services; // "address:port" -> the service event
    private static String xml;

    @BeforeAll
    static void scanTheLab() throws Exception {
        lab = ServiceLab.start();
        // Readiness, not the scan's fixed banner and answer waits, decides when the daemons are up to be named.
        lab.awaitHellosAnswered(Duration.ofMinutes(2));
        dir = Files.createTempDirectory("netsweep-svlab-");
        String ports = lab.truth().services().stream().map(Service::port).collect(Collectors.toCollection(TreeSet::new))
                .stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> addresses = lab.truth().services().stream().map(s -> s.address().getHostAddress()).distinct().toList();
        List<String> cmd = new ArrayList<>(NetsweepCommand.of("-sV", "-n", "--no-progress", "-p", ports, "-o", "json",
                "-oX", dir.resolve("scan.xml").toString()));
        cmd.addAll(addresses);
        String out = LabNetwork.finish(lab.runInScanner(cmd.toArray(String[]::new)), Duration.ofMinutes(3),
                "netsweep -sV");
        services = new HashMap<>();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = JSON.readTree(line);
            lines.add(n);
            if (n.path("type").asText().equals("service")) {
                services.put(n.path("ip").asText() + ":" + n.path("port").asInt(), n);
            }
        }
        assertThat(lines).as(out).isNotEmpty();
        assertThat(lines.getLast().path("type").asText()).as(out).isEqualTo("finished");
        xml = Files.readString(dir.resolve("scan.xml"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static String key(Service s) {
        return s.address().getHostAddress() + ":" + s.port();
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    @Test
    void namesEveryDaemonWithItsVersionWhereItDisclosesOneAndNoneWhereItHidesIt() {
        List<String> wrong = new ArrayList<>();
        for (Service s : lab.truth().services()) {
            JsonNode n = services.get(key(s));
            if (n == null) {
                wrong.add(s.key() + ": no service reported");
                continue;
            }
            String product = n.path("product").asText("");
            String expected = ALSO_NAMED.getOrDefault(s.product(), s.product());
            if (!norm(product).contains(norm(expected))) {
                wrong.add(s.key() + ": product '" + product + "', expected '" + s.product() + "'");
            }
            String version = n.path("version").isNull() ? null : n.path("version").asText();
            if (s.disclosesVersion() && !s.version().equals(version)) {
                wrong.add(s.key() + ": version '" + version + "', expected '" + s.version() + "' (" + s.evidence() + ")");
            }
            if (!s.disclosesVersion() && version != null) {
                wrong.add(s.key() + ": version '" + version + "' claimed where the daemon hides it");
            }
            if (s.tls() != n.path("tunnel").asText("").equals("ssl")) {
                wrong.add(s.key() + ": tunnel '" + n.path("tunnel").asText("") + "', TLS " + s.tls());
            }
        }
        assertThat(wrong).as("services not named as the ground truth says").isEmpty();
        assertThat(lab.truth().services().stream().filter(Service::tls))
                .allSatisfy(s -> assertThat(services.get(key(s)).path("tls").path("subject_cn").asText())
                        .isEqualTo("svc.lab.test"));
    }

    @Test
    void theXmlSaysWhatTheJsonSaysInNmapsServiceElements() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        var xpath = XPathFactory.newInstance().newXPath();
        for (Service s : lab.truth().services()) {
            JsonNode n = services.get(key(s));
            String service = "/nmaprun/host[address/@addr='" + s.address().getHostAddress() + "']/ports/port[@portid='"
                    + s.port() + "']/service";
            assertThat(xpath.evaluate(service + "/@product", d)).as(s.key()).isEqualTo(n.path("product").asText(""));
            assertThat(xpath.evaluate(service + "/@version", d)).as(s.key()).isEqualTo(n.path("version").asText(""));
            assertThat(xpath.evaluate(service + "/@method", d)).as(s.key()).isEqualTo("probed");
            if (n.path("cpe").size() > 0) {
                assertThat(xpath.evaluate(service + "/cpe", d)).as(s.key()).startsWith("cpe:/");
            }
        }
    }

    @Test
    void ndiffReportsTheVersionOfADaemonThatChanged() throws Exception {
        Service ssh = lab.truth().withId("openssh").findFirst().orElseThrow();
        String ndiff = "/usr/bin/ndiff";
        Prerequisites.require(Files.isExecutable(Path.of(ndiff)), "ndiff is not installed");
        Path before = Files.writeString(dir.resolve("before.xml"), xml);
        String attribute = "product=\"OpenSSH\" version=\"" + ssh.version() + "\"";
        assertThat(xml).contains(attribute);
        Path after = Files.writeString(dir.resolve("after.xml"), xml.replace(attribute, "product=\"OpenSSH\" version=\"99.0p1\""));

        Process p = new ProcessBuilder(ndiff, before.toString(), after.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as("ndiff: 1 means the scans differ; %s", out).isEqualTo(1);
        assertThat(out).contains(ssh.address().getHostAddress())
                .containsPattern("(?m)^-22/tcp\\s+open\\s+ssh\\s+OpenSSH " + ssh.version().replace(".", "\\."))
                .containsPattern("(?m)^\\+22/tcp\\s+open\\s+ssh\\s+OpenSSH 99\\.0p1");
        assertThat(out.lines().filter(l -> l.startsWith("-") || l.startsWith("+"))).hasSize(2);
    }

    @Test
    void nmapsStylesheetShowsEveryProduct() throws Exception {
        Prerequisites.require(Files.isReadable(NMAP_XSL), "nmap.xsl is not installed");
        StringWriter html = new StringWriter();
        TransformerFactory.newInstance().newTransformer(new StreamSource(NMAP_XSL.toFile()))
                .transform(new StreamSource(new StringReader(xml)), new StreamResult(html));
        for (JsonNode n : services.values()) {
            assertThat(html.toString()).contains(n.path("product").asText());
        }
    }
}
