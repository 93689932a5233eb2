package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.dns.Dnsmasq;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nmap XML from a real nmap run against loopback listeners becomes a stored scan that diffs like any other: TCP
 * ports, and UDP ports ({@code nmap -sU}, root only) in nmap's four states with their services, each under its
 * protocol.
 */
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

    /** A UDP server on 127.0.0.1 that answers every datagram with "pong", on its own thread until closed. */
    private static final class UdpEcho implements AutoCloseable {
        final DatagramSocket socket;
        private final Thread thread;

        UdpEcho(DatagramSocket socket) {
            this.socket = socket;
            thread = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[2048];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        socket.send(new DatagramPacket("pong".getBytes(StandardCharsets.US_ASCII), 4,
                                p.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join();
        }
    }

    /** Runs nmap (as root: {@code -sU} needs raw sockets) with {@code args}, its XML to {@code name}. */
    private Path nmapAsRoot(String name, String... args) throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/nmap")), "nmap (Debian package nmap)");
        Prerequisites.require(Prerequisites.root(), "nmap -sU needs root");
        Path xml = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("-oX", xml.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return xml;
    }

    /** A UDP socket on 127.0.0.1 bound to the TCP listener {@code first}'s port number, where that one is free. */
    private DatagramSocket udpBesideFirst() throws IOException {
        for (int i = 0; i < 20; i++) {
            try {
                return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), first.getLocalPort()));
            } catch (java.net.BindException taken) {
                first.close();
                first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
        }
        throw new IOException("no port number free for both TCP and UDP on 127.0.0.1");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void udpPortsAreStoredInNmapsStatesBesideTheTcpPortOfTheSameNumber() throws Exception {
        try (UdpEcho echo = new UdpEcho(udpBesideFirst());
             DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int closed = freeUdpPort();
            int n = echo.port();
            Path xml = nmapAsRoot("mixed.xml", "nmap", "-sS", "-sU", "-Pn", "-n", "-p",
                    "T:" + n + ",U:" + n + "," + silent.getLocalPort() + "," + closed, "127.0.0.1");
            JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
            NmapImport.Imported imported = NmapImport.importFile(xml, store);
            assertThat(imported.openPorts()).as("%d/tcp and %d/udp", n, n).isEqualTo(2);
            StoredScan scan = store.load(imported.scanId()).orElseThrow();
            assertThat(scan.entry().ports()).isEqualTo(StoredPorts.format(PortSet.of(n),
                    io.netsweep.port.PortSpecParser.parse(n + "," + silent.getLocalPort() + "," + closed)));
            assertThat(scan.entry().scanType()).contains(io.netsweep.portscan.ScanType.SYN);
            StoredScan.Host host = scan.hosts().getFirst();
            assertThat(host.ports()).extracting(p -> p.port() + "/" + p.protocol().label() + " " + p.state().label()
                    + " " + p.reason()).containsExactlyInAnyOrder(
                    n + "/tcp open syn-ack",
                    n + "/udp open udp-response",
                    silent.getLocalPort() + "/udp open|filtered no-response",
                    closed + "/udp closed port-unreach");
        }
    }

    @Test
    void aUdpPortNftablesRejectsIsFilteredAndItsNeighbourClosed() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (Debian package nftables)");
        int rejected = freeUdpPort();
        int closed = freeUdpPort();
        // In a network namespace of its own, gone with its last process: nftables rejects one port with an ICMP
        // unreachable other than port unreachable, which nmap calls filtered.
        Path xml = nmapAsRoot("filtered.xml", "unshare", "--net", "sh", "-c", "ip link set lo up && nft 'add table ip t;"
                + " add chain ip t input { type filter hook input priority 0; };"
                + " add rule ip t input udp dport " + rejected + " reject with icmp type admin-prohibited'"
                + " && exec \"$0\" \"$@\"", "nmap", "-sU", "-Pn", "-n", "-p", rejected + "," + closed, "127.0.0.1");
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        StoredScan scan = store.load(NmapImport.importFile(xml, store).scanId()).orElseThrow();
        assertThat(scan.hosts().getFirst().ports()).extracting(p -> p.port() + "/" + p.protocol().label() + " "
                + p.state().label() + " " + p.reason()).containsExactlyInAnyOrder(
                rejected + "/udp filtered admin-prohibited", closed + "/udp closed port-unreach");
    }

    @Test
    void aUdpServiceNmapNamedIsStoredUnderItsProtocol() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--address=/probe.lab.test/127.0.0.9"), "probe.lab.test.",
                org.xbill.DNS.Type.A)) {
            int port = dns.address().getPort();
            Path xml = nmapAsRoot("service.xml", "nmap", "-sU", "-sV", "-Pn", "-n", "-p", String.valueOf(port),
                    "127.0.0.1");
            JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
            StoredScan scan = store.load(NmapImport.importFile(xml, store).scanId()).orElseThrow();
            StoredScan.Host host = scan.hosts().getFirst();
            assertThat(host.port(Protocol.UDP, port)).hasValueSatisfying(p -> {
                assertThat(p.state()).isEqualTo(PortState.OPEN);
                assertThat(p.service()).isEqualTo("domain");
            });
            assertThat(host.port(Protocol.TCP, port)).isEmpty();
            assertThat(host.services(Protocol.UDP, port)).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(Observation.ServiceSeen.NMAP);
                assertThat(s.product()).contains("dnsmasq");
                assertThat(s.version()).isPresent();
            });
            assertThat(host.services(Protocol.TCP, port)).isEmpty();
        }
    }

    @Test
    void aUdpPortThatWentAwayIsAChangeOfItsUdpPort() throws Exception {
        UdpEcho echo = new UdpEcho(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        int port = echo.port();
        Path before;
        try {
            before = nmapAsRoot("before-udp.xml", "nmap", "-sU", "-Pn", "-n", "-p", String.valueOf(port), "127.0.0.1");
        } finally {
            echo.close();
        }
        Path after = nmapAsRoot("after-udp.xml", "nmap", "-sU", "-Pn", "-n", "-p", String.valueOf(port), "127.0.0.1");
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long a = NmapImport.importFile(before, store).scanId();
        long b = NmapImport.importFile(after, store).scanId();
        List<Change> changes = ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow()).changes();
        assertThat(changes).singleElement().isInstanceOfSatisfying(Change.PortClosed.class, c -> {
            assertThat(c.port()).isEqualTo(port);
            assertThat(c.protocol()).isEqualTo(Protocol.UDP);
            assertThat(c.state()).isEqualTo("closed");
        });
    }
}
