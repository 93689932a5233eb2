package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every byte a probe may send is a protocol's hello, version or capability query: each probe's bytes are
 * listed here, with why they are harmless, and a listener on each hinted port records what the engine
 * actually puts on the wire. A new probe fails this test until it is reviewed and added below.
 */
class ProbeBytesTest {
    private static final Catalogue CATALOGUE = Catalogue.builtIn();

    /** The approved bytes of every sending probe (hex for binary ones), and why they change nothing. */
    private static final Map<String, String> APPROVED = new LinkedHashMap<>();

    static {
        // Redis: INFO is read-only; a server with a password refuses it with NOAUTH.
        APPROVED.put("redis-info", text("INFO server\r\n"));
        // Memcached: the version command.
        APPROVED.put("memcached-version", text("version\r\n"));
        // PostgreSQL: a start-up message for protocol 0.0 that every server refuses before authentication.
        APPROVED.put("postgresql-startup", "0000001d0000000075736572006e657473776565702d70726f62650000");
        // MQTT: CONNECT without credentials (clean session: nothing persists), then SUBSCRIBE to the broker's
        // own read-only version topic; nothing is published.
        APPROVED.put("mqtt-connect", "101a00044d5154540402003c000e6e657473776565702d70726f6265"
                + "82180001001324535953" + "2f62726f6b65722f76657273696f6e00");
        // AMQP 0-9-1: the protocol header; the broker answers Connection.Start and waits for credentials we never send.
        APPROVED.put("amqp-header", "414d515000000901");
        // EPMD: NAMES_REQ, the read-only list of registered nodes.
        APPROVED.put("epmd-names", "00016e");
        // Erlang distribution: send_name, the first handshake message; the challenge is never answered.
        APPROVED.put("erlang-dist", "00214e00000000010 70f94000000010012".replace(" ", "")
                + HexFormat.of().formatHex("probe@netsweep-lab".getBytes(StandardCharsets.US_ASCII)));
        // DNS: a version.bind CH TXT query over TCP.
        APPROVED.put("dns-version", "001e4e53010000010000000000000776657273696f6e0462696e6400001000 03".replace(" ", ""));
        // RDP: an X.224 Connection Request with a negotiation request; no credentials, no channel.
        APPROVED.put("rdp-negotiate", "030000130ee000000000000100080003000000");
        // SMB2: NEGOTIATE, before any session setup.
        APPROVED.put("smb2-negotiate", HexFormat.of().formatHex(new Smb2Negotiate().request()));
        // LDAP: an anonymous search of the root DSE, without a bind.
        APPROVED.put("ldap-rootdse", HexFormat.of().formatHex(new LdapRootDse().request()));
        // MongoDB: buildInfo, which drivers ask before authenticating.
        APPROVED.put("mongodb-buildinfo", HexFormat.of().formatHex(new MongoBuildInfo().request()));
        // UDP. DNS: version.bind and version.server TXT in class CHAOS, recursion not desired.
        APPROVED.put("dns-version-bind", "6e76000000010000000000000776657273696f6e0462696e640000100003");
        APPROVED.put("dns-version-server", "6e76000000010000000000000776657273696f6e067365727665720000100003");
        // NTP: a client's time request (mode 3), every field but the first byte zero.
        APPROVED.put("ntp-client", "23" + "00".repeat(47));
        // NTP control message (mode 6, RFC 9327): READVAR of the system variables, read-only as ntpq's rv; an
        // operation that writes (WRITEVAR, opcode 3) is never sent.
        APPROVED.put("ntp-control", "16026e73" + "00".repeat(8));
        // SNMP: GetRequest (never Set) of sysDescr.0, sysObjectID.0 (and versionTag.0 in v2c), community public.
        APPROVED.put("snmp-v2c-system", "304702010104067075626c6963a03a02046e73766e020100020100302c300c06082b06010201"
                + "0101000500300c06082b060102010102000500300e060a2b060104018f656402000500");
        APPROVED.put("snmp-v1-system", "303702010004067075626c6963a02a02046e73766e020100020100301c300c06082b06010201"
                + "0101000500300c06082b060102010102000500");
        // SSDP: a unicast M-SEARCH for root devices.
        APPROVED.put("ssdp", text("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
                + "MX: 1\r\nST: upnp:rootdevice\r\n\r\n"));
    }

    /**
     * mDNS: a legacy unicast query of the service types and of the target's own reverse name, PTR in class IN (the
     * only request that names the target, whose address it carries in its reverse name).
     */
    private static String approvedMdns(InetAddress target) {
        String reverse = MdnsQuery.reverse(target);
        StringBuilder name = new StringBuilder();
        for (String label : reverse.split("\\.")) {
            name.append(String.format("%02x", label.length()))
                    .append(HexFormat.of().formatHex(label.getBytes(StandardCharsets.US_ASCII)));
        }
        return "6d7100000002000000000000095f7365727669636573075f646e732d7364045f756470056c6f63616c00000c0001"
                + name + "00000c0001";
    }

    /**
     * GET paths the HTTP probes may ask: the root and read-only version, build, health and metrics paths, and MCP's
     * endpoints (a GET without a session is refused; the older transport's stream only names where to post).
     */
    private static final Set<String> APPROVED_PATHS = Set.of("/", "/version", "/api/version",
            "/api/v1/status/buildinfo", "/metrics", "/api/health", "/mcp", "/sse");

    /**
     * Commands of logins, writes and state changes that no probe may send (as the text protocols spell them;
     * PostgreSQL's start-up message has a "user" field, which names no account and is refused before any
     * authentication).
     */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(?:USER|PASS|AUTH|LOGIN|DELE|STOR|SET|DEL|FLUSHALL|FLUSHDB|CONFIG|SHUTDOWN|POST|PUT|DELETE|DROP|INSERT|PUBLISH)\\b");

    private static String text(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyProbeIsApprovedAndSendsExactlyItsApprovedBytes() {
        for (ProbeSpec probe : CATALOGUE.probes()) {
            switch (probe.kind()) {
                case BANNER, TLS -> { }
                case HTTP -> assertThat(APPROVED_PATHS).as("approved path of %s", probe).contains(probe.path());
                case SEND -> assertThat(HexFormat.of().formatHex(probe.send())).as("bytes of %s", probe)
                        .isEqualTo(APPROVED.get(probe.name()));
                case EXCHANGE -> assertThat(HexFormat.of().formatHex(CodedExchanges.named(probe.exchange())
                        .orElseThrow().request())).as("bytes of %s", probe).isEqualTo(APPROVED.get(probe.name()));
                case UDP -> assertThat(HexFormat.of().formatHex(udpRequest(probe, InetAddress.getLoopbackAddress())))
                        .as("bytes of %s", probe).isEqualTo(probe.name().equals("mdns-services")
                                ? approvedMdns(InetAddress.getLoopbackAddress()) : APPROVED.get(probe.name()));
            }
        }
        for (String bytes : APPROVED.values()) {
            String text = new String(HexFormat.of().parseHex(bytes), StandardCharsets.ISO_8859_1);
            assertThat(FORBIDDEN.matcher(text).find()).as("forbidden word in %s", text).isFalse();
        }
    }

    @Test
    void httpProbesSendABareGet() {
        String request = new String(PortDetection.httpRequest(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), "/version", "netsweep/test"),
                StandardCharsets.US_ASCII);
        assertThat(request).isEqualTo("GET /version HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: netsweep/test\r\n"
                + "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");
    }

    @Test
    void whatReachesEachHintedPortIsOnlyApprovedHellos() throws Exception {
        LoopbackAddresses addresses = new LoopbackAddresses(2);
        Prerequisites.require(addresses.mayBindLowPorts(), "listening on the hinted (low) port numbers needs root");
        Map<Integer, ScriptedListener> listeners = new LinkedHashMap<>();
        for (ProbeSpec probe : CATALOGUE.probes()) {
            if (probe.kind() == ProbeSpec.Kind.UDP) {
                continue; // UDP ports get datagrams: whatReachesEachHintedUdpPortIsOnlyApprovedRequests
            }
            for (int port : probe.ports()) {
                if (!listeners.containsKey(port)) {
                    // Silent: it answers nothing, so every probe of the plan reaches it within the budget.
                    listeners.put(port, new ScriptedListener(addresses.next(), port, null,
                            (socket, in) -> ScriptedListener.drain(in)));
                }
            }
        }
        DetectOptions options = DetectOptions.defaults().withPortDeadline(Duration.ofMillis(2500));
        try (ServiceDetector detector = new ServiceDetector(options)) {
            List<CompletableFuture<Optional<ServiceReport>>> all = new ArrayList<>();
            for (ScriptedListener l : listeners.values()) {
                all.add(detector.detect(l.address(), l.port()).toCompletableFuture());
            }
            for (CompletableFuture<Optional<ServiceReport>> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        Set<String> seen = new java.util.TreeSet<>();
        for (var entry : listeners.entrySet()) {
            ScriptedListener l = entry.getValue();
            l.close();
            for (byte[] connection : l.received()) {
                checkConnection(entry.getKey(), connection, seen);
            }
        }
        // Every probe hinted for some port reached one (ports hinted for greetings only wait and send nothing).
        for (ProbeSpec probe : CATALOGUE.probes()) {
            if (!probe.ports().isEmpty() && probe.kind() != ProbeSpec.Kind.BANNER && probe.kind() != ProbeSpec.Kind.UDP) {
                assertThat(seen).as("hellos seen on the wire").contains(probe.name());
            }
        }
    }

    @Test
    void whatReachesEachHintedUdpPortIsOnlyApprovedRequests() throws Exception {
        LoopbackAddresses addresses = new LoopbackAddresses(23);
        Prerequisites.require(addresses.mayBindLowPorts(), "listening on the hinted (low) UDP ports needs root");
        Map<Integer, UdpResponder> silent = new LinkedHashMap<>();
        for (ProbeSpec probe : CATALOGUE.probes()) {
            if (probe.kind() == ProbeSpec.Kind.UDP) {
                for (int port : probe.ports()) {
                    if (!silent.containsKey(port)) {
                        silent.put(port, new UdpResponder(addresses.next(), port, request -> List.of()));
                    }
                }
            }
        }
        DetectOptions options = DetectOptions.defaults().withPortDeadline(Duration.ofMillis(6000));
        try (ServiceDetector detector = new ServiceDetector(options)) {
            List<CompletableFuture<Optional<ServiceReport>>> all = new ArrayList<>();
            for (UdpResponder r : silent.values()) {
                all.add(detector.detectUdp(r.address(), r.port()).toCompletableFuture());
            }
            for (CompletableFuture<Optional<ServiceReport>> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS)).as("a silent port has no report").isEmpty();
            }
        }
        Set<String> seen = new java.util.TreeSet<>();
        for (UdpResponder r : silent.values()) {
            r.close();
            for (byte[] datagram : r.received()) {
                String hex = HexFormat.of().formatHex(datagram);
                String name = APPROVED.entrySet().stream().filter(e -> e.getValue().equals(hex)).map(Map.Entry::getKey)
                        .findFirst().orElse(hex.equals(approvedMdns(r.address())) ? "mdns-services" : null);
                assertThat(name).as("port %d/udp received unapproved bytes %s", r.port(), hex).isNotNull();
                seen.add(name);
            }
        }
        for (ProbeSpec probe : CATALOGUE.probes()) {
            if (probe.kind() == ProbeSpec.Kind.UDP) {
                assertThat(seen).as("requests seen on the wire").contains(probe.name());
            }
        }
    }

    private static byte[] udpRequest(ProbeSpec probe, InetAddress target) {
        return probe.exchange().isEmpty() ? probe.send()
                : UdpExchanges.named(probe.exchange()).orElseThrow().request(target);
    }

    /** Checks one connection's bytes are approved hellos back to back, noting which. */
    private static void checkConnection(int port, byte[] bytes, Set<String> seen) {
        int at = 0;
        while (at < bytes.length) {
            int used = approvedAt(bytes, at, seen);
            assertThat(used).as("port %d received unapproved bytes at %d: %s", port, at,
                    Sanitize.banner(java.util.Arrays.copyOfRange(bytes, at, bytes.length), bytes.length - at)).isPositive();
            at += used;
        }
    }

    private static int approvedAt(byte[] bytes, int at, Set<String> seen) {
        if (bytes.length - at >= 3 && bytes[at] == 0x16 && bytes[at + 1] == 0x03) {
            seen.add(ProbeSpec.TLS);
            return bytes.length - at; // a TLS ClientHello from the JDK: everything after it is encrypted
        }
        String rest = new String(bytes, at, bytes.length - at, StandardCharsets.ISO_8859_1);
        if (rest.startsWith("GET ")) {
            int end = rest.indexOf("\r\n\r\n");
            assertThat(end).as("a complete request head").isPositive();
            String head = rest.substring(0, end);
            String path = head.substring(4, head.indexOf(' ', 4));
            assertThat(APPROVED_PATHS).contains(path);
            assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("authorization", "cookie", "content-length");
            CATALOGUE.probes().stream().filter(p -> p.kind() == ProbeSpec.Kind.HTTP && p.path().equals(path))
                    .forEach(p -> seen.add(p.name()));
            return end + 4;
        }
        for (var approved : APPROVED.entrySet()) {
            byte[] hello = HexFormat.of().parseHex(approved.getValue());
            if (bytes.length - at >= hello.length
                    && java.util.Arrays.equals(bytes, at, at + hello.length, hello, 0, hello.length)) {
                seen.add(approved.getKey());
                return hello.length;
            }
        }
        return 0;
    }
}
