package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.target.IpLiterals;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a lookup reports for each kind of reply, against an in-process server on loopback that crafts bytes. */
class ReverseLookupOutcomeTest {
    private static final InetAddress HOST = address("10.0.0.5");

    @Test
    void ptrAnswerGivesTheNameWithoutTrailingDot() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("host5.lab.test")))))) {
            assertThat(lookup(server, HOST)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(server.questionNames()).containsExactly("5.0.0.10.in-addr.arpa.");
        }
    }

    @Test
    void ipv6AddressIsAskedInNibbleFormat() throws Exception {
        InetAddress v6 = address("fd00::5");
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("v6host.lab.test")))))) {
            assertThat(lookup(server, v6)).isEqualTo(PtrResult.found(v6, "v6host.lab.test"));
            assertThat(server.questionNames()).containsExactly("5.0." + "0.".repeat(28) + "d.f.ip6.arpa.");
        }
    }

    static Stream<Arguments> definiteAnswersWithoutName() {
        return Stream.<Arguments>of(
                Arguments.of("NXDOMAIN", (FakeDnsServer.Responder) q -> List.of(Wire.response(q, Wire.RCODE_NXDOMAIN))),
                Arguments.of("NOERROR, empty answer", (FakeDnsServer.Responder) q -> List.of(Wire.response(q, Wire.RCODE_NOERROR))),
                Arguments.of("NOERROR, only an A record", (FakeDnsServer.Responder) q -> List.of(Wire.response(
                        q, Wire.RCODE_NOERROR, Wire.record(Wire.pointerToQuestion(), Wire.TYPE_A, new byte[] {10, 0, 0, 5})))),
                Arguments.of("NOERROR, PTR owned by another name", (FakeDnsServer.Responder) q -> List.of(Wire.response(
                        q, Wire.RCODE_NOERROR, Wire.record(Wire.name("6.0.0.10.in-addr.arpa"), Wire.TYPE_PTR, Wire.name("other.lab.test"))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definiteAnswersWithoutName")
    void answerWithoutPtrIsNxdomain(String kind, FakeDnsServer.Responder responder) throws Exception {
        try (var server = new FakeDnsServer(responder)) {
            assertThat(lookup(server, HOST)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.NXDOMAIN));
            assertThat(server.queries()).as("a definite answer is not retried").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "rcode {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {Wire.RCODE_SERVFAIL, Wire.RCODE_REFUSED})
    void serverFailureOrRefusalIsServfail(int rcode) throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, rcode)))) {
            assertThat(lookup(server, HOST)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.SERVFAIL));
        }
    }

    static Stream<Arguments> malformedReplies() {
        return Stream.<Arguments>of(
                Arguments.of("shorter than a header", (FakeDnsServer.Responder) q ->
                        List.of(new byte[] {q.bytes()[0], q.bytes()[1], (byte) 0x81, (byte) 0x80, 0})),
                Arguments.of("header claiming a question that is missing", (FakeDnsServer.Responder) q ->
                        List.of(java.util.Arrays.copyOf(Wire.response(q, Wire.RCODE_NOERROR), Wire.HEADER_LENGTH))),
                Arguments.of("answer count larger than the answers", (FakeDnsServer.Responder) q -> {
                    byte[] reply = Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("host5.lab.test")));
                    reply[7] = 3;
                    return List.of(reply);
                }),
                Arguments.of("label length 64 (reserved label type)", (FakeDnsServer.Responder) q -> {
                    byte[] target = Wire.name("x".repeat(63).getBytes(StandardCharsets.US_ASCII));
                    target[0] = 64;
                    return List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(target)));
                }),
                Arguments.of("name longer than 255 bytes", (FakeDnsServer.Responder) q -> {
                    byte[] label = "a".repeat(63).getBytes(StandardCharsets.US_ASCII);
                    return List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name(label, label, label, label))));
                }),
                Arguments.of("random bytes behind the right ID", (FakeDnsServer.Responder) q -> {
                    byte[] junk = new byte[200];
                    new java.util.Random(42).nextBytes(junk);
                    return List.of(Wire.withId(junk, q.id()));
                }),
                Arguments.of("wrong ID", (FakeDnsServer.Responder) q -> List.of(Wire.withId(
                        Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("host5.lab.test"))), q.id() ^ 0x5A5A))),
                Arguments.of("answer to another question", (FakeDnsServer.Responder) q -> {
                    byte[] other = q.bytes().clone();
                    other[Wire.HEADER_LENGTH + 1] = '6'; // 5.0.0.10.in-addr.arpa becomes 6.0.0.10.in-addr.arpa
                    return List.of(Wire.response(new FakeDnsServer.Query(other, q.sequence()), Wire.RCODE_NOERROR,
                            Wire.ptr(Wire.name("host6.lab.test"))));
                }),
                Arguments.of("our own query echoed back (QR not set)", (FakeDnsServer.Responder) q -> List.of(q.bytes())),
                Arguments.of("PTR to the root name", (FakeDnsServer.Responder) q ->
                        List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(new byte[] {0})))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedReplies")
    void unusableReplyIsMalformed(String kind, FakeDnsServer.Responder responder) throws Exception {
        try (var server = new FakeDnsServer(responder)) {
            assertThat(lookup(server, HOST)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.MALFORMED));
        }
    }

    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of(Wire.name(bytes("evil\u001b[31m"), bytes("lab"), bytes("test")), "evil??31m.lab.test"),
                Arguments.of(Wire.name(bytes("a\u0000b\r\nc"), bytes("test")), "a?b??c.test"),
                Arguments.of(Wire.name(new byte[] {'x', (byte) 0x9b, '2', 'J'}, bytes("test")), "x?2J.test"),
                Arguments.of(Wire.name("m\u00fcller".getBytes(StandardCharsets.UTF_8), bytes("test")), "m??ller.test"),
                Arguments.of(Wire.name(bytes("a.b"), bytes("test")), "a?b.test"),
                Arguments.of(Wire.name(bytes("a\\027b c"), bytes("test")), "a?027b?c.test"),
                Arguments.of(Wire.name(bytes("<script>"), bytes("test")), "?script?.test"),
                Arguments.of(Wire.name(bytes("\u001b\u007f")), "??"));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameArrivesSanitized(byte[] target, String expected) throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(target))))) {
            PtrResult result = lookup(server, HOST);
            assertThat(result).isEqualTo(PtrResult.found(HOST, expected));
            assertThat(result.hostname().orElseThrow()).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\\\]");
        }
    }

    @Test
    void longestLegalNameIsKeptWhole() throws Exception {
        byte[] l63 = "a".repeat(63).getBytes(StandardCharsets.US_ASCII);
        byte[] l61 = "b".repeat(61).getBytes(StandardCharsets.US_ASCII);
        String expected = "a".repeat(63) + "." + "a".repeat(63) + "." + "a".repeat(63) + "." + "b".repeat(61);
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name(l63, l63, l63, l61)))))) {
            assertThat(lookup(server, HOST).hostname()).contains(expected);
            assertThat(expected).hasSize(DnsNames.MAX_LENGTH);
        }
    }

    @Test
    void cnameChainOfClasslessDelegationIsFollowed() throws Exception {
        byte[] alias = Wire.name("5.0/25.0.0.10.in-addr.arpa");
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR,
                Wire.record(Wire.pointerToQuestion(), 5, alias),
                Wire.record(alias, Wire.TYPE_PTR, Wire.name("classless.lab.test")))))) {
            assertThat(lookup(server, HOST)).isEqualTo(PtrResult.found(HOST, "classless.lab.test"));
        }
    }

    @Test
    void aForwardAnswerOfThousandsOfAddressesGivesAtMost32OfEachFamily() throws Exception {
        // Over UDP an answer holds about 30 addresses; a server that sets TC gets asked again over TCP,
        // where one answer of 64 KiB holds thousands.
        // The resolver's time never moves: however slowly the TCP answer comes, the lookup cannot time out.
        ManualTimer frozen = new ManualTimer();
        try (var udp = new FakeDnsServer(q -> List.of(truncated(Wire.response(q, Wire.RCODE_NOERROR))));
             var tcp = new ServerSocket(udp.address().getPort(), 50, udp.address().getAddress());
             var resolver = new ReverseResolver(new DnsOptions(List.of(udp.address()), Duration.ofMinutes(10), 0, 8,
                     Optional.empty()), ReverseResolver.CACHE_CAPACITY, frozen, frozen)) {
            Thread.ofVirtual().start(() -> answerOverTcp(tcp, 2000)); // 2,000 AAAA: 56 KiB

            List<InetAddress> addresses = resolver.resolveHost("many.lab.test");

            assertThat(addresses).hasSize(2 * ReverseResolver.MAX_ADDRESSES_PER_FAMILY);
            assertThat(addresses.getFirst()).isEqualTo(address("10.0.0.0"));
            assertThat(addresses.get(31)).isEqualTo(address("10.0.0.31"));
            assertThat(addresses.get(32)).isEqualTo(address("fd00::"));
            assertThat(addresses.getLast()).isEqualTo(address("fd00::1f"));
        }
    }

    /** {@code message} with the TC (truncated) flag set. */
    private static byte[] truncated(byte[] message) {
        message[2] |= 0x02;
        return message;
    }

    /** Answers each query of each connection with {@code count} addresses of the asked family, until closed. */
    private static void answerOverTcp(ServerSocket tcp, int count) {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                Thread.ofVirtual().start(() -> answerConnection(s, count));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answerConnection(Socket s, int count) {
        try (s) {
            var in = new DataInputStream(s.getInputStream());
            var out = new DataOutputStream(s.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                int end = Wire.questionEnd(query);
                int type = ((query[end - 4] & 0xFF) << 8) | (query[end - 3] & 0xFF);
                byte[][] answers = new byte[count][];
                for (int i = 0; i < count; i++) {
                    byte[] rdata = new byte[type == Wire.TYPE_A ? 4 : 16];
                    rdata[0] = type == Wire.TYPE_A ? (byte) 10 : (byte) 0xFD;
                    rdata[rdata.length - 2] = (byte) (i >> 8);
                    rdata[rdata.length - 1] = (byte) i;
                    answers[i] = Wire.record(Wire.pointerToQuestion(), type, rdata);
                }
                byte[] response = Wire.response(new FakeDnsServer.Query(query, 0), Wire.RCODE_NOERROR, answers);
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (IOException closed) {
            // the client is done
        }
    }

    /**
     * The outcome of looking {@code address} up, decided by the server's replies alone: the resolver's time (a
     * {@link ManualTimer}'s) never moves, so no retry slot or timeout can pass however slowly the replies come.
     */
    private static PtrResult lookup(FakeDnsServer server, InetAddress address) throws Exception {
        var options = new DnsOptions(List.of(server.address()), Duration.ofMinutes(10), 1, 8, Optional.empty());
        ManualTimer frozen = new ManualTimer();
        try (var resolver = new ReverseResolver(options, ReverseResolver.CACHE_CAPACITY, frozen, frozen)) {
            return resolver.lookup(address).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static InetAddress address(String literal) {
        return IpLiterals.parseScoped(literal).orElseThrow();
    }

}
