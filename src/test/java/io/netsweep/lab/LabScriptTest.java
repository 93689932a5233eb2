package io.netsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.lab.LabNetwork.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The lab itself: its ground truth checked by an independent scanner (nmap, run in the scanner
 * namespace), and lab.sh's refusals and clean-ups. Packets stay inside the lab's namespaces.
 */
class LabScriptTest {
    private static final Path SCRIPT = LabNetwork.projectDir().resolve("lab/lab.sh");
    private static LabNetwork lab;

    @BeforeAll
    static void buildLab() {
        lab = LabNetwork.start(10, 0);
    }

    @AfterAll
    static void tearDownLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void groundTruthDescribesAConsistentLan() {
        LabNetwork.GroundTruth t = lab.truth();
        assertThat(t.ofKind("lan")).hasSize(10);
        assertThat(t.ofKind("routed")).hasSize(2);
        assertThat(t.hosts()).extracting(Host::mac).doesNotHaveDuplicates();
        assertThat(t.hosts()).extracting(Host::ipv4).doesNotHaveDuplicates();
        assertThat(t.lan().filter(h -> h.vendor().isPresent())).as("real-vendor MACs").isNotEmpty();
        assertThat(t.lan().filter(h -> !h.answersIcmp())).as("ICMP-silent hosts").isNotEmpty();
        assertThat(t.ofKind("lan").filter(h -> !h.filtered().isEmpty())).as("firewalled ports").isNotEmpty();
        assertThat(t.ofKind("lan")).allSatisfy(h -> assertThat(
                Set.copyOf(concat(h.open(), h.closed(), h.filtered()))).isEqualTo(Set.copyOf(t.portUniverse())));
    }

    @Test
    void nmapSeesTheHostsAndPortStatesTheGroundTruthClaims() throws Exception {
        List<Host> lan = lab.truth().ofKind("lan").toList();
        String ports = lab.truth().portUniverse().stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of("nmap", "-n", "-sS", "-PR", "-T4", "--max-retries", "2",
                "--host-timeout", "60s", "-p", ports, "-oX", "-"));
        lan.forEach(h -> cmd.add(h.ipv4().getHostAddress()));
        cmd.add("10.231.0.200"); // unassigned

        String xml = lab.execInScanner(Duration.ofMinutes(3), cmd.toArray(String[]::new));

        Map<InetAddress, Map<Integer, String>> seen = parseNmap(xml);
        assertThat(seen.keySet()).as("hosts nmap found up (ARP)")
                .containsExactlyInAnyOrderElementsOf(lan.stream().map(Host::ipv4).toList());
        for (Host h : lan) {
            Map<Integer, String> states = seen.get(h.ipv4());
            h.open().forEach(p -> assertThat(states.get(p)).as("%s:%d", h.label(), p).isEqualTo("open"));
            h.closed().forEach(p -> assertThat(states.get(p)).as("%s:%d", h.label(), p).isEqualTo("closed"));
            h.filtered().forEach(p -> assertThat(states.get(p)).as("%s:%d", h.label(), p).isEqualTo("filtered"));
        }
    }

    @Test
    void upRefusesANameThatExistsAndLeavesThatLabAlone() throws Exception {
        Result r = script(Map.of(), "up", "--name", lab.name(), "--hosts", "10");

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("already exists");
        assertThat(namespaces(lab.name())).contains(lab.scannerNamespace());
        assertThat(lab.execInScanner(Duration.ofSeconds(20), "fping", "-q", "-r", "3", "10.231.0.11"))
                .as("the existing lab still works").isEmpty();
    }

    @Test
    void aBuildThatFailsHalfwayTearsDownEverythingItBuilt() throws Exception {
        for (String step : List.of("namespaces", "listeners")) {
            String name = lab.name() + "-f" + step.charAt(0);

            Result r = script(Map.of("NSW_LAB_FAIL_AT", step), "up", "--name", name, "--hosts", "10");

            assertThat(r.exit()).as("a half-built lab fails loudly").isNotZero();
            assertThat(r.output()).contains("FAILED").contains("tearing down");
            assertThat(namespaces(name)).as("namespaces left after failing at %s", step).isEmpty();
            assertThat(Path.of("/run/netsweep-lab", name)).doesNotExist();
        }
    }

    @Test
    void downRemovesAPartialLabAndTheProcessesInIt() throws Exception {
        String name = lab.name() + "-p";
        String ns = name + "-h01";
        run(Duration.ofSeconds(20), "ip", "netns", "add", ns);
        Process sleeper = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "300").start();
        try {
            Result r = script(Map.of(), "down", "--name", name);

            assertThat(r.exit()).isZero();
            assertThat(namespaces(name)).isEmpty();
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("the process inside was stopped").isTrue();
        } finally {
            sleeper.destroyForcibly();
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesToRunWithoutRoot() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "/bin/bash", SCRIPT.toString(), "status", "--name", "nobody-lab"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = readAll(p);

        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("must run as root");
    }

    private record Result(int exit, String output) {}

    private static Result script(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = readAll(p);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static String run(Duration timeout, String... cmd) throws IOException {
        return LabNetwork.finish(new ProcessBuilder(cmd).redirectErrorStream(true).start(), timeout,
                String.join(" ", cmd));
    }

    private static List<String> namespaces(String labName) throws IOException {
        return run(Duration.ofSeconds(20), "ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith(labName + "-") && n.substring(labName.length() + 1).matches("[a-z]+\\d*"))
                .toList();
    }

    private static Map<InetAddress, Map<Integer, String>> parseNmap(String xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Map<InetAddress, Map<Integer, String>> result = new HashMap<>();
        NodeList hosts = doc.getElementsByTagName("host");
        for (int i = 0; i < hosts.getLength(); i++) {
            Element host = (Element) hosts.item(i);
            Element status = (Element) host.getElementsByTagName("status").item(0);
            if (!status.getAttribute("state").equals("up")) {
                continue;
            }
            Element address = (Element) host.getElementsByTagName("address").item(0);
            Map<Integer, String> ports = new HashMap<>();
            NodeList ps = host.getElementsByTagName("port");
            for (int j = 0; j < ps.getLength(); j++) {
                Element port = (Element) ps.item(j);
                Element state = (Element) port.getElementsByTagName("state").item(0);
                ports.put(Integer.parseInt(port.getAttribute("portid")), state.getAttribute("state"));
            }
            result.put(InetAddress.ofLiteral(address.getAttribute("addr")), ports);
        }
        return result;
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static String readAll(Process p) throws IOException {
        p.getOutputStream().close();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
