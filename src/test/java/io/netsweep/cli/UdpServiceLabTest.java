package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.lab.LabNetwork;
import io.netsweep.lab.UdpServiceLab;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.Prerequisites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep -sU -sV} end to end against the UDP lab's real Debian daemons ({@link UdpServiceLab}), run as a
 * process in the lab's scanner namespace: every daemon's port open and named with the product and version the
 * daemon reports of itself (dnsmasq, Net-SNMP with the kernel of its sysDescr, MiniUPnPd, chrony; Avahi, which
 * states no version, by its legacy unicast reply's layout, with its host name and service types; ntpsec, on the lab's second target, from its NTP mode 6 answer), every closed port closed under the kernel's default ICMP rate limit, every port
 * nftables drops open|filtered. The scan is bench/udp's: {@code --top-ports 100}, whose 85 closed ports wait about
 * a second each for the target's ICMP token.
 */
class UdpServiceLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOP = 100;

    private static UdpServiceLab lab;
    private static final Map<Integer, JsonNode> ports = new LinkedHashMap<>();
    private static final Map<Integer, JsonNode> services = new LinkedHashMap<>();
    private static String output;

    @BeforeAll
    static void scanTheLab() throws Exception {
        lab = UdpServiceLab.start();
        JsonNode truth = lab.truth();
        Process p = lab.runInScanner(NetsweepCommand.of("-sU", "-sV", "-Pn", "-n", "--no-save", "--no-progress",
                "--show", "all", "--top-ports", String.valueOf(TOP), "-o", "json", truth.get("target").asText()));
        output = LabNetwork.finish(p, Duration.ofMinutes(6), "netsweep -sU -sV");
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = JSON.readTree(line);
            switch (n.path("type").asText()) {
                case "port" -> ports.put(n.get("port").asInt(), n);
                case "service" -> services.put(n.get("port").asInt(), n);
                default -> { }
            }
        }
        assertThat(output).as(output).contains("\"type\":\"finished\"");
        assertThat(ports).as(output).hasSize(TOP);
        assertThat(ports.keySet()).as("the top %d hold every daemon's and every dropped port", TOP)
                .containsAll(portsOf(truth.get("open"))).containsAll(dropped(truth));
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void everyDaemonIsOpenAndNamedWithWhatItReportsOfItself() {
        List<String> wrong = new ArrayList<>();
        for (JsonNode o : lab.truth().get("open")) {
            int port = o.get("port").asInt();
            JsonNode state = ports.get(port);
            if (!state.get("state").asText().equals("open") || !state.get("proto").asText().equals("udp")) {
                wrong.add(port + ": " + state);
                continue;
            }
            JsonNode s = services.get(port);
            if (s == null) {
                wrong.add(port + ": no service reported");
                continue;
            }
            if (!s.get("service").asText().equals(o.get("service").asText())
                    || !s.get("product").equals(o.get("product")) || !s.get("version").equals(o.get("version"))
                    || !s.get("proto").asText().equals("udp")) {
                wrong.add(port + ": " + s.get("service") + " " + s.get("product") + " " + s.get("version")
                        + ", expected " + o);
            }
        }
        assertThat(wrong).as(output).isEmpty();
        JsonNode truth = lab.truth();
        JsonNode snmp = find(truth, 161);
        assertThat(services.get(161).get("extra_info").asText()).endsWith("Linux " + snmp.get("kernel").asText());
        assertThat(services.get(161).get("cpe").toString()).contains("cpe:2.3:a:net-snmp:net-snmp:"
                + snmp.get("version").asText());
        JsonNode mdns = find(truth, 5353);
        List<String> types = new ArrayList<>();
        mdns.get("services").forEach(t -> types.add(t.asText()));
        assertThat(services.get(5353).get("extra_info").asText()).startsWith("host " + mdns.get("host").asText())
                .contains(types);
        assertThat(services.get(123).get("extra_info").asText()).isEqualTo("NTPv4; stratum 10; local reference");
    }

    @Test
    void ntpsecOnTheSecondTargetIsNamedWithTheVersionItsModeSixAnswerStates() throws Exception {
        JsonNode ntpsec = lab.truth().path("ntpsec");
        Prerequisites.require(ntpsec.isObject(), "the UDP lab runs ntpsec where it is unpacked in"
                + " /opt/netsweep-lab/ntpsec (.ci/run unpacks it)");
        Process p = lab.runInScanner(NetsweepCommand.of("-sU", "-sV", "-Pn", "-n", "--no-save", "--no-progress",
                "-p", "U:123", "-o", "json", ntpsec.get("target").asText()));
        String out = LabNetwork.finish(p, Duration.ofMinutes(2), "netsweep -sU -sV (ntpsec)");
        JsonNode s = null;
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = JSON.readTree(line);
            if (n.path("type").asText().equals("service") && n.path("port").asInt() == 123) {
                s = n;
            }
        }
        assertThat(s).as(out).isNotNull();
        assertThat(s.get("proto").asText()).isEqualTo("udp");
        assertThat(s.get("service").asText()).isEqualTo(ntpsec.get("service").asText());
        assertThat(s.get("product").asText()).as(out).isEqualTo(ntpsec.get("product").asText());
        assertThat(s.get("version").asText()).as(out).isEqualTo(ntpsec.get("version").asText());
        // Its system variable: the kernel's name and release, as snmpd's sysDescr states the release.
        assertThat(s.get("extra_info").asText()).isEqualTo("Linux/" + find(lab.truth(), 161).get("kernel").asText());
        assertThat(s.get("cpe").toString()).contains("cpe:2.3:a:ntpsec:ntpsec:" + ntpsec.get("version").asText());
    }

    @Test
    void debiansAvahiAdvertisingNoServiceIsOpenAndNamedWithItsHostName() throws Exception {
        // As Debian installs it, avahi-daemon has no service to advertise and stays silent on a question for the
        // service types alone: the scan asks for the target's own name too, which it answers.
        JsonNode plain = lab.truth().get("plain_mdns");
        Process p = lab.runInScanner(NetsweepCommand.of("-sU", "-sV", "-Pn", "-n", "--no-save", "--no-progress",
                "-p", "U:5353", "-o", "json", plain.get("target").asText()));
        String out = LabNetwork.finish(p, Duration.ofMinutes(2), "netsweep -sU -sV (plain avahi)");
        JsonNode port = null;
        JsonNode s = null;
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = JSON.readTree(line);
            if (n.path("port").asInt() == 5353) {
                switch (n.path("type").asText()) {
                    case "port" -> port = n;
                    case "service" -> s = n;
                    default -> { }
                }
            }
        }
        assertThat(port).as(out).isNotNull();
        assertThat(port.get("state").asText() + " " + port.get("reason").asText()).isEqualTo("open udp-response");
        assertThat(s).as(out).isNotNull();
        assertThat(s.get("service").asText()).isEqualTo("mdns");
        assertThat(s.get("proto").asText()).isEqualTo("udp");
        assertThat(s.get("product").isNull()).as("Avahi states no version and advertises nothing to tell it by")
                .isTrue();
        assertThat(s.get("extra_info").asText()).isEqualTo("host " + plain.get("host").asText());
    }

    @Test
    void everyClosedPortIsClosedAndEveryDroppedPortOpenFiltered() {
        List<String> wrong = new ArrayList<>();
        List<Integer> notClosed = new ArrayList<>(portsOf(lab.truth().get("open")));
        notClosed.addAll(dropped(lab.truth()));
        for (int port : ports.keySet()) {
            String s = ports.get(port).get("state").asText() + " " + ports.get(port).get("reason").asText();
            if (!notClosed.contains(port) && !s.equals("closed port-unreach")) {
                wrong.add(port + ": " + s);
            }
        }
        for (JsonNode d : lab.truth().get("dropped")) {
            JsonNode p = ports.get(d.asInt());
            String s = p.get("state").asText() + " " + p.get("reason").asText();
            if (!s.equals("open|filtered no-response")) {
                wrong.add(d.asInt() + ": " + s);
            }
        }
        assertThat(wrong).as(output).isEmpty();
        assertThat(services.keySet()).as("only answering ports have a service")
                .containsExactlyInAnyOrderElementsOf(portsOf(lab.truth().get("open")));
    }

    private static JsonNode find(JsonNode truth, int port) {
        for (JsonNode o : truth.get("open")) {
            if (o.get("port").asInt() == port) {
                return o;
            }
        }
        throw new AssertionError("no open port " + port + " in the ground truth");
    }

    private static List<Integer> dropped(JsonNode truth) {
        List<Integer> out = new ArrayList<>();
        truth.get("dropped").forEach(d -> out.add(d.asInt()));
        return out;
    }

    private static List<Integer> portsOf(JsonNode open) {
        List<Integer> out = new ArrayList<>();
        open.forEach(o -> out.add(o.get("port").asInt()));
        return out;
    }
}
