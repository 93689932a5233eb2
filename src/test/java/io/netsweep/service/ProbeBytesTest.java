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
            if (!probe.ports().isEmpty() && probe.kind() != ProbeSpec.Kind.BANNER) {
                assertThat(seen).as("hellos seen on the wire").contains(probe.name());
            }
        }
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
