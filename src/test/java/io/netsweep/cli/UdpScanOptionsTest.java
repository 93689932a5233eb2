package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.cli.CliRunner.Recorded;
import io.netsweep.port.PortPresets;
import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code -sU} and nmap's {@code U:}/{@code T:} port prefixes, as the command line reads them. */
class UdpScanOptionsTest {

    private static ScanRequest accepted(String... args) {
        Recorded r = CliRunner.recorded(args);
        assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isZero();
        return r.scanner().started().getFirst();
    }

    @Test
    void sUAloneScansTheTopThousandUdpPortsAndNoTcpPort() {
        ScanRequest r = accepted("-sU", "127.0.0.1");
        assertThat(r.ports()).isEqualTo(PortSet.empty());
        assertThat(r.udpPorts()).isEqualTo(PortPresets.topUdpPorts(1000));
        assertThat(r.udpPorts().size()).isEqualTo(1000);
    }

    @Test
    void topPortsWithSuAreTheUdpRankingHeadedByTheCommonUdpServices() {
        PortSet top = accepted("-sU", "--top-ports", "10", "127.0.0.1").udpPorts();
        assertThat(top.size()).isEqualTo(10);
        assertThat(top.contains(53)).isTrue();
        assertThat(top.contains(123)).isTrue();
        assertThat(top.contains(161)).isTrue();
        assertThat(accepted("-sU", "-F", "127.0.0.1").udpPorts()).isEqualTo(PortPresets.topUdpPorts(100));
    }

    @Test
    void sUWithATcpScanScansBothAndPrefixesHoldUntilTheNext() {
        ScanRequest r = accepted("-sU", "-sS", "-p", "80,U:53,161,T:22,25", "127.0.0.1");
        assertThat(r.ports()).isEqualTo(PortSet.of(22, 25, 80));
        assertThat(r.udpPorts()).isEqualTo(PortSet.of(53, 80, 161));
    }

    @Test
    void serviceNamesAfterUAreUdpNames() {
        assertThat(accepted("-sU", "-p", "U:domain,snmp,ntp", "127.0.0.1").udpPorts()).isEqualTo(PortSet.of(53, 123, 161));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-p U:53                 | netsweep: -p \"U:53\" names UDP ports (U:): add -sU to scan them",
        "-sU -p T:22             | netsweep: -p \"T:22\" names TCP ports (T:), and -sU alone scans UDP only: add -sS or -sT",
        "-sU --preset ai         | netsweep: --preset ai names TCP ports, and -sU alone scans UDP only",
        "-sU -p U:70000          | netsweep: invalid port \"70000\": ports are 1-65535",
        "-sU -p S:53             | netsweep: invalid port \"S:53\": SCTP (S:) is not supported",
        "-sU -p U:nosuchservice  | netsweep: invalid port \"nosuchservice\": not a port number or a UDP service name",
        "-sU --show nonsense     | netsweep: invalid --show \"nonsense\": use open, closed, filtered, open|filtered",
    })
    void badUdpInputIsOneLineAndNothingIsScanned(String options, String message) {
        List<String> args = new java.util.ArrayList<>(List.of(options.trim().split("\\s+")));
        args.add("127.0.0.1");
        Recorded r = CliRunner.recorded(args.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith(message);
        assertThat(r.scanner().started()).isEmpty();
    }

    @Test
    void showOpenFilteredReportsSilentUdpPorts() {
        assertThat(accepted("-sU", "--show", "open|filtered", "127.0.0.1").reportStates())
                .contains(io.netsweep.portscan.PortState.OPEN_FILTERED);
        assertThat(accepted("-sU", "--show", "all", "127.0.0.1").reportStates())
                .contains(io.netsweep.portscan.PortState.OPEN_FILTERED);
    }
}
