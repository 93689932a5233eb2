package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.portscan.PortState;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nmap XML from a real nmap run against loopback listeners becomes a stored scan that diffs like any other. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class NmapImportTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;
    private ServerSocket first;
    private ServerSocket second;

    @BeforeEach
    void listen() throws IOException {
        first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        second = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        first.close();
        if (!second.isClosed()) {
            second.close();
        }
    }

    private Path nmap(String name, int... ports) throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/nmap")), "nmap (Debian package nmap)");
        Path xml = dir.resolve(name);
        String list = java.util.Arrays.stream(ports).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        Process p = new ProcessBuilder("nmap", "-sT", "-Pn", "-n", "-p", list, "-oX", xml.toString(), "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return xml;
    }

    @Test
    void anNmapRunIsStoredWithItsHostsPortsAndTargets() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path xml = nmap("run.xml", first.getLocalPort(), second.getLocalPort(), closedPort);
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        NmapImport.Imported imported = NmapImport.importFile(xml, store);
        assertThat(imported.hostsUp()).isEqualTo(1);
        assertThat(imported.openPorts()).isEqualTo(2);
        StoredScan scan = store.load(imported.scanId()).orElseThrow();
        assertThat(scan.entry().source()).isEqualTo("import");
        assertThat(scan.entry().targets()).isEqualTo("127.0.0.1");
        assertThat(scan.entry().targetKey()).isEqualTo("127.0.0.1");
        assertThat(scan.entry().command()).startsWith("nmap -sT");
        assertThat(scan.entry().scanType()).as("nmap's scaninfo type").contains(io.netsweep.portscan.ScanType.CONNECT);
        assertThat(scan.entry().status()).isEqualTo(ScanStatus.FINISHED);
        assertThat(scan.hosts()).singleElement().satisfies(h -> {
            assertThat(h.up()).isTrue();
            assertThat(h.ports()).filteredOn(p -> p.state() == PortState.OPEN).extracting(StoredScan.Port::port)
                    .containsExactlyInAnyOrder(first.getLocalPort(), second.getLocalPort());
        });
    }

    @Test
    void twoImportedRunsDiffAsTwoScansOfTheSameTargets() throws Exception {
        Path before = nmap("before.xml", first.getLocalPort(), second.getLocalPort());
        second.close();
        Path after = nmap("after.xml", first.getLocalPort(), second.getLocalPort());
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long a = NmapImport.importFile(before, store).scanId();
        long b = NmapImport.importFile(after, store).scanId();
        assertThat(store.sameTargets(b)).extracting(ScanEntry::id).containsExactly(a, b);
        List<Change> changes = ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow()).changes();
        assertThat(changes).singleElement().isInstanceOfSatisfying(Change.PortClosed.class,
                c -> assertThat(c.port()).isEqualTo(second.getLocalPort()));
    }

    @Test
    void aFileThatIsNotNmapXmlStoresNothing() throws Exception {
        Path bogus = dir.resolve("bogus.xml");
        Files.writeString(bogus, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        assertThatThrownBy(() -> NmapImport.importFile(bogus, store)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.getMessage()).contains("not nmap XML").doesNotContain("root:"));
        assertThat(store.history()).isEmpty();
    }
}
