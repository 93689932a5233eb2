package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.web.StoredScans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hosts --port} names a port as {@code -p} does, against a real SQLite store holding a UDP scan: a number or
 * {@code T:} is a TCP port, {@code U:} a UDP one, and 53/tcp and 53/udp are two ports.
 */
class HostsPortTest {
    @TempDir
    Path dir;
    private String db;

    @BeforeEach
    void store() throws Exception {
        Path file = dir.resolve("netsweep.db");
        StoredScans.writeTwoWithUdp(file);
        db = file.toString();
    }

    private List<String> ips(String port) {
        CliRunner r = CliRunner.run("hosts", "--db", db, "-o", "csv", "--port", port);
        assertThat(r.err()).as(port).isEmpty();
        assertThat(r.exitCode()).as(port).isZero();
        return r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
    }

    @Test
    void aPlainNumberIsATcpPort() {
        // 10.9.0.6 has 53/udp open and no TCP port: not a host with 53/tcp open.
        assertThat(ips("53")).containsExactly("10.9.0.1");
        assertThat(ips("T:53")).containsExactly("10.9.0.1");
        assertThat(ips("t:22")).containsExactly("10.9.0.2");
    }

    @Test
    void uNamesAUdpPort() {
        assertThat(ips("U:53")).containsExactly("10.9.0.6");
        assertThat(ips("u:161")).containsExactly("10.9.0.6");
        assertThat(ips("U:22")).isEmpty();
        assertThat(ips("161")).isEmpty();
    }

    @Test
    void theTableShowsTheUdpPortsOfTheHostsFound() {
        CliRunner r = CliRunner.run("hosts", "--db", db, "--port", "U:161");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().skip(1)).singleElement().asString().startsWith("10.9.0.6 ")
                .contains("53/udp/domain, 161/udp/snmp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "70000", "U:0", "U:", "X:53", "S:53", "53/udp", "domain", "U:53,161", "-1", "\u001b[31m53"})
    void anythingElseIsRefusedInOneLine(String port) {
        CliRunner r = CliRunner.run("hosts", "--db", db, "--port", port);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString().startsWith("netsweep: ").contains("--port")
                .doesNotContain("\u001b");
    }
}
