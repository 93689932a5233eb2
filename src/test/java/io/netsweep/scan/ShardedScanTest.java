package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.target.Shard;
import io.netsweep.target.TargetSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real scans (discovery, the connect engine) of loopback addresses with real listeners, split into shards: the
 * shards together find exactly what the whole scan finds, each (address, port) in one shard only.
 */
class ShardedScanTest {
    private final List<ServerSocket> listeners = new ArrayList<>();
    private PortSet ports;

    @BeforeEach
    void listen() throws IOException {
        // Listeners on a few of the addresses; each one's port is closed on the other addresses.
        for (int host : new int[] {1, 6, 17, 40, 77, 128}) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0." + host)));
        }
        int[] open = listeners.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        ports = PortSet.of(open).union(PortSet.of(1, 7, 9));
    }

    @AfterEach
    void close() throws IOException, InterruptedException {
        for (ServerSocket s : listeners) {
            s.close();
        }
        if (udpServer != null) {
            udpServer.close();
            answering.join();
        }
    }

    private java.net.DatagramSocket udpServer;
    private Thread answering;

    /** A UDP server on 127.0.0.1 that answers every datagram (open there; closed on the other addresses); its port. */
    private int udpServer() throws IOException {
        udpServer = new java.net.DatagramSocket(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        java.net.DatagramSocket s = udpServer;
        answering = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[1500];
            try {
                while (true) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                    s.receive(p);
                    s.send(new java.net.DatagramPacket(new byte[] {'o', 'k'}, 2, p.getSocketAddress()));
                }
            } catch (IOException closed) {
                // closed by the test
            }
        });
        return s.getLocalPort();
    }

    /** One result per (address, port) of a scan or of its shards together; fails on a pair reported twice. */
    private record Results(Map<String, PortState> ports, Set<InetAddress> up) {}

    private static Results run(ScanRequest request) throws InterruptedException {
        EventLog log = new EventLog();
        ScanSession s = new PipelineScanner(ScanComponents.standard(), ScanClock.system(), p -> "svc",
                RunLimits.DEFAULTS).start(request, log);
        assertThat(s.await(EventLog.DEADLINE)).as("scan ended").isTrue();
        assertThat(s.outcome()).get().isInstanceOf(ScanEvent.Finished.class);
        Map<String, PortState> found = new HashMap<>();
        for (ScanEvent.PortObserved p : log.ofType(ScanEvent.PortObserved.class)) {
            assertThat(found.put(p.address().getHostAddress() + ":" + p.port() + "/" + p.protocol().label(), p.state()))
                    .as("reported once").isNull();
        }
        Set<InetAddress> up = new HashSet<>();
        log.ofType(ScanEvent.HostUp.class).forEach(h -> up.add(h.host().address()));
        ScanEvent.Started started = log.ofType(ScanEvent.Started.class).getFirst();
        assertThat(started.shard().map(ShardMark::shard)).isEqualTo(request.shard());
        return new Results(found, up);
    }

    private static Results shards(ScanRequest whole, int n, WorkSplit.Kind expected) throws InterruptedException {
        Map<String, PortState> found = new HashMap<>();
        Set<InetAddress> up = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ScanRequest part = whole.withShard(java.util.Optional.of(new Shard(i, n)));
            assertThat(WorkSplit.of(part).mark()).get().extracting(ShardMark::split).isEqualTo(expected);
            Results r = run(part);
            r.ports().forEach((pair, state) ->
                    assertThat(found.put(pair, state)).as("%s in two shards of %d", pair, n).isNull());
            up.addAll(r.up());
        }
        return new Results(found, up);
    }

    @Test
    void shardsOfAnAddressSplitFindExactlyWhatTheWholeScanFinds() throws Exception {
        for (long seed : new long[] {5, -123456789}) {
            ScanRequest whole = ScanRequest.builder(TargetSet.of("127.0.0.1-128"), ports)
                    .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                    .reportStates(EnumSet.allOf(PortState.class)).seed(seed).build();
            Results expected = run(whole);
            assertThat(expected.ports()).hasSize(128 * ports.size());
            for (int n = 1; n <= 8; n++) {
                Results together = shards(whole, n, WorkSplit.Kind.ADDRESS);
                assertThat(together.ports()).as("seed %d, %d shards", seed, n).isEqualTo(expected.ports());
                assertThat(together.up()).isEqualTo(expected.up());
            }
        }
    }

    @Test
    void shardsOfAFewHostsSplitTheirPortsAndAllReportTheHostsUp() throws Exception {
        PortSet many = ports.union(PortSet.of(IntStream.rangeClosed(20, 60).toArray()));
        for (long seed : new long[] {11, 77}) {
            ScanRequest whole = ScanRequest.builder(TargetSet.of("127.0.0.1", "127.0.0.6", "127.0.0.9"), many)
                    .dnsMode(DnsMode.OFF).reportStates(EnumSet.allOf(PortState.class)).seed(seed).build();
            Results expected = run(whole);
            assertThat(expected.up()).hasSize(3); // loopback answers discovery
            assertThat(expected.ports()).hasSize(3 * many.size());
            for (int n = 1; n <= 8; n++) {
                Results together = shards(whole, n, WorkSplit.Kind.ADDRESS_PORT);
                assertThat(together.ports()).as("seed %d, %d shards", seed, n).isEqualTo(expected.ports());
                assertThat(together.up()).isEqualTo(expected.up());
            }
        }
    }

    @Test
    void discoveryOnlySplitsByAddress() throws Exception {
        ScanRequest whole = ScanRequest.builder(TargetSet.of("127.0.0.1-20"), PortSet.empty())
                .discovery(DiscoveryMode.DISCOVERY_ONLY).dnsMode(DnsMode.OFF).seed(3).build();
        Results expected = run(whole);
        assertThat(expected.up()).hasSize(20);
        for (int n = 1; n <= 8; n++) {
            Set<InetAddress> up = new HashSet<>();
            for (int i = 0; i < n; i++) {
                ScanRequest part = whole.withShard(java.util.Optional.of(new Shard(i, n)));
                assertThat(WorkSplit.of(part).mark().orElseThrow().split()).isEqualTo(WorkSplit.Kind.ADDRESS);
                for (InetAddress a : run(part).up()) {
                    assertThat(up.add(a)).as("%s up in two shards", a).isTrue();
                }
            }
            assertThat(up).isEqualTo(expected.up());
        }
    }

    @Test
    void everyAddressProtocolAndPortBelongsToExactlyOneShard() {
        PortSet tcp = PortSet.of(IntStream.rangeClosed(1, 30).toArray());
        PortSet udp = PortSet.of(7, 9, 53, 161, 500);
        for (String targets : new String[] {"127.0.0.1-5", "127.0.0.1-200"}) {
            ScanRequest whole = ScanRequest.builder(TargetSet.of(targets), tcp).udpPorts(udp).seed(99).build();
            for (int n = 1; n <= 9; n++) {
                Map<String, Integer> owner = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    WorkSplit part = WorkSplit.of(whole.withShard(java.util.Optional.of(new Shard(i, n))));
                    for (InetAddress a : part.targets()) {
                        for (int p : part.portsOf(a).toArray()) {
                            assertThat(owner.put(a.getHostAddress() + ":" + p + "/tcp", i)).isNull();
                        }
                        for (int p : part.udpPortsOf(a).toArray()) {
                            assertThat(owner.put(a.getHostAddress() + ":" + p + "/udp", i)).isNull();
                        }
                    }
                }
                assertThat(owner).as("%s in %d shards", targets, n)
                        .hasSize(Math.toIntExact(whole.targets().size()) * (tcp.size() + udp.size()));
            }
        }
    }

    @Test
    void shardsOfAUdpAndTcpScanFindExactlyWhatTheWholeScanFinds() throws Exception {
        int server = udpServer();
        // The same numbers as TCP and UDP ports: 9/tcp and 9/udp are two pairs, each scanned by one shard.
        PortSet udp = PortSet.of(server, 7, 9, listeners.getFirst().getLocalPort());
        ScanRequest fewHosts = ScanRequest.builder(TargetSet.of("127.0.0.1", "127.0.0.6", "127.0.0.9"), ports)
                .udpPorts(udp).discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.allOf(PortState.class)).seed(21).build();
        Results expected = run(fewHosts);
        assertThat(expected.ports()).hasSize(3 * (ports.size() + udp.size()))
                .containsEntry("127.0.0.1:" + server + "/udp", PortState.OPEN)
                .containsEntry("127.0.0.6:" + server + "/udp", PortState.CLOSED);
        for (int n : new int[] {2, 3, 5}) {
            assertThat(shards(fewHosts, n, WorkSplit.Kind.ADDRESS_PORT).ports()).as("%d shards", n)
                    .isEqualTo(expected.ports());
        }
        ScanRequest manyHosts = ScanRequest.builder(TargetSet.of("127.0.0.1-40"), PortSet.of(1))
                .udpPorts(PortSet.of(server, 9)).discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.allOf(PortState.class)).seed(4).build();
        Results all = run(manyHosts);
        assertThat(all.ports()).hasSize(40 * 3);
        assertThat(shards(manyHosts, 2, WorkSplit.Kind.ADDRESS).ports()).isEqualTo(all.ports());
    }
}
