package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.PortScanMethod;
import io.netsweep.scan.ScanRequest;
import io.netsweep.sys.NativeUse;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warm-up prepares what the scan ahead will use, and only once the command line has been read and the scan
 * checked: a refused command line announces no scan, so nothing is prepared for it.
 */
class WarmUpTest {
    private record Run(int code, List<ScanRequest> announced, RecordingScanner scanner) {}

    private static Run run(String... args) {
        List<ScanRequest> announced = new CopyOnWriteArrayList<>();
        RecordingScanner scanner = new RecordingScanner();
        CliContext context = new CliContext(new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true), () -> false, () -> false, scanner, servers -> name -> {
                    throw new TargetException("no DNS in this test");
                }, CtrlC.none(), "netsweep (test)", System::getenv, announced::add);
        return new Run(Main.run(args, context), announced, scanner);
    }

    @Test
    void aCheckedScanIsAnnouncedOnceBeforeItStarts() {
        Run r = run("-sn", "-n", "--no-save", "--no-progress", "-o", "json", "127.0.0.1");
        assertThat(r.code()).isZero();
        assertThat(r.announced()).hasSize(1);
        assertThat(r.announced().getFirst().discovery()).isEqualTo(DiscoveryMode.DISCOVERY_ONLY);
        assertThat(WarmUp.usesOf(r.announced().getFirst(), () -> true)).containsExactly(NativeUse.ICMP_DISCOVERY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus 127.0.0.1", "-p 70000 127.0.0.1", "-sS -sT 127.0.0.1", "-sn -Pn 127.0.0.1",
            "-p 22 300.1.2.3", "--help"})
    void aCommandLineThatScansNothingAnnouncesNoScan(String line) {
        Run r = run((line + " --no-save").split(" "));
        assertThat(r.announced()).isEmpty();
    }

    private static ScanRequest request(DiscoveryMode discovery, PortScanMethod method, PortSet tcp, PortSet udp) {
        return ScanRequest.builder(TargetSet.of("127.0.0.1"), tcp).discovery(discovery).method(method)
                .udpPorts(udp).build();
    }

    @Test
    void aSynScanWithoutDiscoveryPreparesTheSynScanOnly() {
        ScanRequest r = request(DiscoveryMode.ASSUME_UP, PortScanMethod.DEFAULT, PortSet.range(1, 65535), PortSet.of());
        assertThat(WarmUp.usesOf(r, () -> true)).containsExactly(NativeUse.SYN_SCAN);
        ScanRequest syn = request(DiscoveryMode.ASSUME_UP, PortScanMethod.SYN, PortSet.of(22), PortSet.of());
        assertThat(WarmUp.usesOf(syn, () -> true)).containsExactly(NativeUse.SYN_SCAN);
    }

    @Test
    void withoutRawSocketsOrWithSTTheConnectScanIsPrepared() {
        ScanRequest byDefault = request(DiscoveryMode.ASSUME_UP, PortScanMethod.DEFAULT, PortSet.of(22), PortSet.of());
        assertThat(WarmUp.usesOf(byDefault, () -> false)).containsExactly(NativeUse.CONNECT_SCAN);
        ScanRequest connect = request(DiscoveryMode.ASSUME_UP, PortScanMethod.CONNECT, PortSet.of(22), PortSet.of());
        assertThat(WarmUp.usesOf(connect, () -> true)).containsExactly(NativeUse.CONNECT_SCAN);
    }

    @Test
    void discoveryAndUdpArePreparedWhenTheScanUsesThem() {
        ScanRequest both = request(DiscoveryMode.DISCOVER_THEN_SCAN, PortScanMethod.DEFAULT, PortSet.of(22),
                PortSet.of(53));
        assertThat(WarmUp.usesOf(both, () -> true))
                .isEqualTo(Set.of(NativeUse.ICMP_DISCOVERY, NativeUse.SYN_SCAN, NativeUse.UDP_SCAN));
        ScanRequest udpOnly = request(DiscoveryMode.ASSUME_UP, PortScanMethod.DEFAULT, PortSet.of(), PortSet.of(53));
        assertThat(WarmUp.usesOf(udpOnly, () -> true)).containsExactly(NativeUse.UDP_SCAN);
    }
}
