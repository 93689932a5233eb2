package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpPacketTest {
    private static final long COOKIE = 0x1122334455667788L;
    private static final InetAddress TARGET = InetAddress.ofLiteral("10.231.0.77");
    private static final InetAddress SCANNER = InetAddress.ofLiteral("10.231.0.1");

    @Test
    void checksumMatchesTheRfc1071Example() {
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        // RFC 1071 section 3: the one's complement sum is 0xddf2, so the checksum is its complement.
        assertThat(IcmpPacket.checksum(data, 0, data.length)).isEqualTo(0x220d);
    }

    @Test
    void checksumPadsAnOddLengthWithZero() {
        byte[] odd = {0x12, 0x34, 0x56};
        byte[] even = {0x12, 0x34, 0x56, 0x00};
        assertThat(IcmpPacket.checksum(odd, 0, 3)).isEqualTo(IcmpPacket.checksum(even, 0, 4));
    }

    @Test
    void ipv4EchoRequestCarriesIdentifierSequenceCookieAndAValidChecksum() {
        byte[] p = IcmpPacket.echoRequest(false, 0xBEEF, 0x1234, COOKIE, 99);

        assertThat(p).hasSize(24);
        assertThat(p[0]).isEqualTo((byte) 8);
        assertThat(ByteBuffer.wrap(p).getShort(4) & 0xFFFF).isEqualTo(0xBEEF);
        assertThat(ByteBuffer.wrap(p).getShort(6) & 0xFFFF).isEqualTo(0x1234);
        assertThat(ByteBuffer.wrap(p).getLong(8)).isEqualTo(COOKIE);
        assertThat(IcmpPacket.checksum(p, 0, p.length)).as("a valid packet sums to zero").isZero();
    }

    @Test
    void ipv6EchoRequestLeavesTheChecksumToTheKernel() {
        byte[] p = IcmpPacket.echoRequest(true, 1, 2, COOKIE, 3);
        assertThat(p[0] & 0xFF).isEqualTo(128);
        assertThat(p[2]).isZero();
        assertThat(p[3]).isZero();
    }

    @Test
    void parsesAnEchoReplyBehindAnIpv4Header() {
        byte[] datagram = ipv4(TARGET, SCANNER, echoReply(0xBEEF, 7, COOKIE));

        assertThat(IcmpPacket.parseIpv4Datagram(datagram, datagram.length))
                .contains(new IcmpMessage.EchoReply(0xBEEF, 7, COOKIE));
    }

    @Test
    void parsesAnEchoReplyBehindAnIpv4HeaderWithOptions() {
        byte[] icmp = echoReply(1, 2, COOKIE);
        byte[] d = new byte[24 + icmp.length];
        d[0] = 0x46; // IHL 6: four bytes of options
        d[3] = (byte) d.length;
        d[9] = 1;
        System.arraycopy(icmp, 0, d, 24, icmp.length);

        assertThat(IcmpPacket.parseIpv4Datagram(d, d.length)).contains(new IcmpMessage.EchoReply(1, 2, COOKIE));
    }

    @Test
    void rejectsAReplyWithABadChecksum() {
        byte[] icmp = echoReply(0xBEEF, 7, COOKIE);
        icmp[12] ^= 1;
        byte[] datagram = ipv4(TARGET, SCANNER, icmp);

        assertThat(IcmpPacket.parseIpv4Datagram(datagram, datagram.length)).isEmpty();
        assertThat(IcmpPacket.parseIcmpV4(icmp, icmp.length)).isEmpty();
    }

    @Test
    void rejectsTruncatedAndForeignPackets() {
        byte[] datagram = ipv4(TARGET, SCANNER, echoReply(1, 1, COOKIE));
        assertThat(IcmpPacket.parseIpv4Datagram(datagram, 25)).isEmpty();
        assertThat(IcmpPacket.parseIpv4Datagram(new byte[10], 10)).isEmpty();
        byte[] udp = datagram.clone();
        udp[9] = 17;
        assertThat(IcmpPacket.parseIpv4Datagram(udp, udp.length)).as("not ICMP").isEmpty();
        byte[] request = IcmpPacket.echoRequest(false, 1, 1, COOKIE, 1);
        assertThat(IcmpPacket.parseIcmpV4(request, request.length)).as("an echo request is no answer").isEmpty();
    }

    @Test
    void parsesAHostUnreachableQuotingOurEchoRequest() {
        byte[] quoted = ipv4(SCANNER, TARGET, IcmpPacket.echoRequest(false, 0xBEEF, 42, COOKIE, 42));
        byte[] icmp = unreachableV4(1, Arrays.copyOf(quoted, 28));

        IcmpMessage m = IcmpPacket.parseIcmpV4(icmp, icmp.length).orElseThrow();

        assertThat(m).isEqualTo(new IcmpMessage.Unreachable(TARGET, 0xBEEF, 42, false, 1));
        assertThat(((IcmpMessage.Unreachable) m).hostUnreachable()).isTrue();
    }

    @Test
    void portUnreachableIsNotAHostVerdict() {
        byte[] quoted = ipv4(SCANNER, TARGET, IcmpPacket.echoRequest(false, 1, 2, COOKIE, 2));
        byte[] icmp = unreachableV4(3, quoted);

        IcmpMessage.Unreachable u = (IcmpMessage.Unreachable) IcmpPacket.parseIcmpV4(icmp, icmp.length).orElseThrow();

        assertThat(u.hostUnreachable()).isFalse();
    }

    @Test
    void ignoresAnUnreachableThatQuotesSomethingElseThanAnEchoRequest() {
        byte[] quotedUdp = ipv4(SCANNER, TARGET, new byte[8]);
        quotedUdp[9] = 17;
        byte[] icmp = unreachableV4(1, quotedUdp);
        assertThat(IcmpPacket.parseIcmpV4(icmp, icmp.length)).isEmpty();
    }

    @Test
    void parsesIcmpv6EchoReplyAndAddressUnreachable() {
        byte[] reply = IcmpPacket.echoRequest(true, 5, 6, COOKIE, 6);
        reply[0] = (byte) 129;
        assertThat(IcmpPacket.parseIcmpV6(reply, reply.length)).contains(new IcmpMessage.EchoReply(5, 6, COOKIE));

        InetAddress target6 = InetAddress.ofLiteral("fd00:231::77");
        byte[] request = IcmpPacket.echoRequest(true, 5, 6, COOKIE, 6);
        byte[] ip6 = new byte[40];
        ip6[0] = 0x60;
        ip6[6] = 58;
        System.arraycopy(target6.getAddress(), 0, ip6, 24, 16);
        byte[] icmp = new byte[8 + 40 + request.length];
        icmp[0] = 1;
        icmp[1] = 3; // address unreachable
        System.arraycopy(ip6, 0, icmp, 8, 40);
        System.arraycopy(request, 0, icmp, 48, request.length);

        IcmpMessage.Unreachable u = (IcmpMessage.Unreachable) IcmpPacket.parseIcmpV6(icmp, icmp.length).orElseThrow();
        assertThat(u).isEqualTo(new IcmpMessage.Unreachable(target6, 5, 6, true, 3));
        assertThat(u.hostUnreachable()).isTrue();
        icmp[1] = 4;
        assertThat(((IcmpMessage.Unreachable) IcmpPacket.parseIcmpV6(icmp, icmp.length).orElseThrow())
                .hostUnreachable()).as("port unreachable").isFalse();
    }

    @Test
    void readsTheRequestQuotedInADatagramSocketErrorReport() {
        byte[] request = IcmpPacket.echoRequest(false, 9, 10, COOKIE, 10);
        assertThat(IcmpPacket.parseQuotedRequest(request, request.length, false, 1, TARGET))
                .contains(new IcmpMessage.Unreachable(TARGET, 9, 10, false, 1));
        assertThat(IcmpPacket.parseQuotedRequest(request, request.length, true, 1, TARGET))
                .as("an IPv4 request in an ICMPv6 report").isEmpty();
    }

    static byte[] echoReply(int id, int seq, long cookie) {
        byte[] p = IcmpPacket.echoRequest(false, id, seq, cookie, seq);
        p[0] = 0;
        p[2] = 0;
        p[3] = 0;
        int sum = IcmpPacket.checksum(p, 0, p.length);
        p[2] = (byte) (sum >>> 8);
        p[3] = (byte) sum;
        return p;
    }

    static byte[] unreachableV4(int code, byte[] quoted) {
        byte[] icmp = new byte[8 + quoted.length];
        icmp[0] = 3;
        icmp[1] = (byte) code;
        System.arraycopy(quoted, 0, icmp, 8, quoted.length);
        int sum = IcmpPacket.checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        return icmp;
    }

    static byte[] ipv4(InetAddress src, InetAddress dst, byte[] payload) {
        byte[] d = new byte[20 + payload.length];
        d[0] = 0x45;
        d[2] = (byte) (d.length >>> 8);
        d[3] = (byte) d.length;
        d[8] = 64;
        d[9] = 1;
        System.arraycopy(src.getAddress(), 0, d, 12, 4);
        System.arraycopy(dst.getAddress(), 0, d, 16, 4);
        System.arraycopy(payload, 0, d, 20, payload.length);
        return d;
    }
}
