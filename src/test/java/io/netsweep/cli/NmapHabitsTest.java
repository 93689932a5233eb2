package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.cli.CliRunner.Recorded;
import io.netsweep.port.PortPresets;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortScanMethod;
import io.netsweep.scan.ScanRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What nmap users type from habit: what maps onto netsweep works as they expect (checked against
 * listeners on loopback), the rest is refused with one line saying what to use instead.
 */
class NmapHabitsTest {
    private final LoopbackListeners ports = new LoopbackListeners(2);

    @AfterEach
    void closeListeners() {
        ports.close();
    }

    private static ScanRequest accepted(String... args) {
        Recorded r = CliRunner.recorded(args);
        assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isZero();
        return r.scanner().started().getFirst();
    }

    @Test
    void sTAsksForTheConnectScanAndChangesNothingElse() {
        assertThat(accepted("-sT", "-n", "-p", "22", "127.0.0.1")).usingRecursiveComparison()
                .ignoringFields("seed", "commandLine", "method").isEqualTo(accepted("-n", "-p", "22", "127.0.0.1"));
        CliRunner r = CliRunner.run("-sT", "-n", "-Pn", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (int p : ports.open()) {
            assertThat(r.out()).containsPattern("(?m)^" + p + "/tcp\\s+open");
        }
    }

    @Test
    void fastModeIsTheHundredPortsMostOftenOpen() {
        assertThat(accepted("-F", "127.0.0.1").ports()).isEqualTo(PortPresets.topPorts(100));
        assertThat(accepted("-F", "--top-ports", "10", "127.0.0.1").ports()).isEqualTo(PortPresets.topPorts(100));
        assertThat(accepted("-F", "--top-ports", "2000", "127.0.0.1").ports()).isEqualTo(PortPresets.topPorts(2000));
        assertThat(accepted("-F", "-p", "31337", "127.0.0.1").ports())
                .isEqualTo(PortPresets.topPorts(100).union(PortSet.of(31337)));
    }

    @Test
    void openOnlyIsTheDefaultAndRefusesToShowOtherStates() {
        assertThat(accepted("--open", "127.0.0.1").reportStates()).containsExactly(PortState.OPEN);
        assertThat(accepted("--open", "--show", "open", "127.0.0.1").reportStates()).containsExactly(PortState.OPEN);
        for (String show : List.of("closed", "filtered", "all", "down", "open,closed")) {
            Recorded r = CliRunner.recorded("--open", "--show", show, "127.0.0.1");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("--open").contains("--show");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-sS        | SYN",
        "-sT        | CONNECT",
        "-p 22      | DEFAULT",
    })
    void sSAndSTChooseTheScanAndNeitherLeavesItToThePrivilege(String options, PortScanMethod method) {
        List<String> args = new ArrayList<>(List.of(options.split(" ")));
        args.add("127.0.0.1");
        Recorded r = CliRunner.recorded(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.errLines().toString()).isZero();
        assertThat(r.scanner().started()).singleElement().extracting(ScanRequest::method).isEqualTo(method);
    }

    @Test
    void sSAndSTTogetherAreRefused() {
        Recorded r = CliRunner.recorded("-sS", "-sT", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("netsweep: -sS and -sT exclude each other");
        assertThat(r.scanner().started()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-sC | -sV",
        "-O  | -sn",
        "-A  | -sV",
    })
    void whatNetsweepDoesNotHaveIsRefusedWithWhatToUseInstead(String option, String instead) {
        Recorded r = CliRunner.recorded(option, "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("netsweep: " + option + " ").contains(instead);
        assertThat(r.scanner().started()).isEmpty();
    }

    @Test
    void versionDetectionIsOnWithSvIdentifyOrTheAiPresetAndOffWithNoIdentify() {
        assertThat(accepted("-sV", "127.0.0.1").identify()).isTrue();
        assertThat(accepted("--identify", "127.0.0.1").identify()).isTrue();
        assertThat(accepted("--preset", "ai", "127.0.0.1").identify()).isTrue();
        assertThat(accepted("--preset", "ai", "--no-identify", "127.0.0.1").identify()).isFalse();
        assertThat(accepted("127.0.0.1").identify()).isFalse();
        assertThat(accepted("-sV", "127.0.0.1")).usingRecursiveComparison().ignoringFields("seed", "commandLine")
                .isEqualTo(accepted("--identify", "127.0.0.1"));
        Recorded both = CliRunner.recorded("-sV", "--no-identify", "127.0.0.1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.errLines()).singleElement().asString().startsWith("netsweep: -sV and --no-identify");
        assertThat(both.scanner().started()).isEmpty();
    }

    @Test
    void versionTimeoutAndConcurrencyBoundServiceDetection() {
        ScanRequest r = accepted("-sV", "--version-timeout", "1500", "--version-concurrency", "4", "127.0.0.1");
        assertThat(r.detectOptions().portDeadline()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(r.detectOptions().maxConcurrent()).isEqualTo(4);
        assertThat(accepted("-sV", "--version-timeout", "120000", "127.0.0.1").detectOptions().portDeadline())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        for (String[] bad : List.of(new String[] {"--version-timeout", "0"}, new String[] {"--version-timeout", "120001"},
                new String[] {"--version-concurrency", "0"}, new String[] {"--version-concurrency", "4097"})) {
            Recorded refused = CliRunner.recorded("-sV", bad[0], bad[1], "127.0.0.1");
            assertThat(refused.exitCode()).as(bad[0] + " " + bad[1]).isEqualTo(2);
            assertThat(refused.errLines()).singleElement().asString().contains(bad[0]).contains(bad[1]);
        }
    }

    @Test
    void serviceNamesInPortListsAreTheirIanaPorts() {
        assertThat(accepted("-p", "http,ssh,8000-8100", "127.0.0.1").ports())
                .isEqualTo(PortSet.of(22, 80).union(PortSet.range(8000, 8100)));
        assertThat(accepted("-p", "T:https,T:22", "127.0.0.1").ports()).isEqualTo(PortSet.of(22, 443));
        assertThat(accepted("-p", "HTTP", "127.0.0.1").ports()).isEqualTo(PortSet.of(80));
        for (String bad : List.of("nosuchservice", "U:53", "U:domain", "http-ssh", "http*")) {
            Recorded r = CliRunner.recorded("-p", bad, "127.0.0.1");
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.errLines()).as(bad).singleElement().asString().contains(bad.substring(0, 2));
        }
    }

    @Test
    void verbosePrintsEachOpenPortOnStderrAsNmapDoes() {
        CliRunner r = CliRunner.run("-v", "-n", "-Pn", "--no-progress", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Set<String> expected = ports.open().stream().map(p -> "Discovered open port " + p + "/tcp on 127.0.0.1")
                .collect(Collectors.toSet());
        assertThat(r.err().lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void veryVerboseAddsHostsAndTheOtherStatesShown() {
        CliRunner r = CliRunner.run("-vv", "-n", "-Pn", "--show", "closed", "-p", ports.list(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("Host 127.0.0.1 is up (user-set)")
                .contains("Discovered closed port " + ports.closed() + "/tcp on 127.0.0.1");
        for (int p : ports.open()) {
            assertThat(r.err()).contains("Discovered open port " + p + "/tcp on 127.0.0.1");
        }
    }

    @Test
    void normalOutputToAFileIsTheTable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.nmap");
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", ports.list(), "-oN", file.toString(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String table = Files.readString(file);
        for (int p : ports.open()) {
            assertThat(table).containsPattern("(?m)^" + p + "/tcp\\s+open");
        }
        assertThat(table).startsWith("Starting netsweep").containsPattern("\nnetsweep done: .*\n$");
    }

    @Test
    void allFormatsGoToBaseDotNmapXmlAndGnmap(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("scan");
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", ports.list(), "-oA", base.toString(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("scan.nmap"))).contains(ports.open().iterator().next() + "/tcp");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("scan.xml").toFile());
        assertThat(doc.getElementsByTagName("port").getLength()).isEqualTo(ports.open().size());
        String gnmap = Files.readString(dir.resolve("scan.gnmap"));
        for (int p : ports.open()) {
            assertThat(gnmap).contains(p + "/open/tcp//");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("scan.nmap", "scan.xml", "scan.gnmap");
        }
    }

    @Test
    void aDashForAFileIsStandardOutputInThatFormat() {
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", ports.list(), "-oG", "-", "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# netsweep ").contains("Host: 127.0.0.1 ()\tPorts: ")
                .doesNotContain("Starting netsweep");
    }
}
