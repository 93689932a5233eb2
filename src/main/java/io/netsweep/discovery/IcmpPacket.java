package io.netsweep.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Builds ICMP / ICMPv6 echo requests and parses what comes back. Pure functions on byte arrays;
 * thread-safe.
 *
 * <p>A request carries a 16-byte payload: an 8-byte per-sweep cookie and the 8-byte probe number.
 * Replies are accepted only if the checksum is right (IPv4; the kernel checks ICMPv6) and, for
 * echo replies, the cookie comes back.
 */
final class IcmpPacket {
    static final int ECHO_REQUEST_V4 = 8;
    static final int ECHO_REPLY_V4 = 0;
    static final int UNREACHABLE_V4 = 3;
    static final int ECHO_REQUEST_V6 = 128;
    static final int ECHO_REPLY_V6 = 129;
    static final int UNREACHABLE_V6 = 1;
    /** IP protocol numbers (IANA), as the IPv4 and IPv6 headers of packets name them. */
    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_ICMPV6 = 58;
    static final int HEADER = 8;
    static final int PAYLOAD = 16;
    private static final int IPV6_HEADER = 40;

    private IcmpPacket() {}

    /**
     * An echo request. For IPv4 the checksum is filled in; for ICMPv6 it is left 0 because the
     * kernel computes it (it covers a pseudo-header with the source address, which only the kernel knows).
     */
    static byte[] echoRequest(boolean ipv6, int identifier, int sequence, long cookie, long probeNumber) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + PAYLOAD);
        b.put((byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)).put((byte) 0).putShort((short) 0);
        b.putShort((short) identifier).putShort((short) sequence);
        b.putLong(cookie).putLong(probeNumber);
        byte[] packet = b.array();
        if (!ipv6) {
            int sum = checksum(packet, 0, packet.length);
            packet[2] = (byte) (sum >>> 8);
            packet[3] = (byte) sum;
        }
        return packet;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes from {@code off}. */
    static int checksum(byte[] data, int off, int len) {
        long sum = 0;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Parses what a raw IPv4 ICMP socket returns: the IP header, then the ICMP message.
     * Empty for anything that is not a well-formed echo reply or unreachable quoting an echo request.
     */
    static Optional<IcmpMessage> parseIpv4Datagram(byte[] d, int len) {
        if (len < 20 || (d[0] & 0xF0) != 0x40 || (d[9] & 0xFF) != PROTOCOL_ICMP) {
            return Optional.empty();
        }
        int ihl = (d[0] & 0x0F) * 4;
        int total = u16(d, 2);
        if (ihl < 20 || len < ihl + HEADER) {
            return Optional.empty();
        }
        int end = Math.min(len, total >= ihl + HEADER ? total : len);
        return parseIcmpV4(Arrays.copyOfRange(d, ihl, end), end - ihl);
    }

    /** Parses an ICMP (IPv4) message without IP header, as an unprivileged datagram socket returns it. */
    static Optional<IcmpMessage> parseIcmpV4(byte[] m, int len) {
        if (len < HEADER || checksum(m, 0, len) != 0) {
            return Optional.empty();
        }
        int type = m[0] & 0xFF;
        if (type == ECHO_REPLY_V4) {
            return echoReply(m, len);
        }
        if (type == UNREACHABLE_V4) {
            int q = HEADER;
            if (len < q + 20 || (m[q] & 0xF0) != 0x40 || (m[q + 9] & 0xFF) != PROTOCOL_ICMP) {
                return Optional.empty();
            }
            int qihl = (m[q] & 0x0F) * 4;
            int icmp = q + qihl;
            if (qihl < 20 || len < icmp + HEADER || (m[icmp] & 0xFF) != ECHO_REQUEST_V4) {
                return Optional.empty();
            }
            InetAddress dst = address(m, q + 16, 4);
            return Optional.of(new IcmpMessage.Unreachable(
                    dst, u16(m, icmp + 4), u16(m, icmp + 6), false, m[1] & 0xFF));
        }
        return Optional.empty();
    }

    /** Parses an ICMPv6 message (sockets never include the IPv6 header; the kernel verified the checksum). */
    static Optional<IcmpMessage> parseIcmpV6(byte[] m, int len) {
        if (len < HEADER) {
            return Optional.empty();
        }
        int type = m[0] & 0xFF;
        if (type == ECHO_REPLY_V6) {
            return echoReply(m, len);
        }
        if (type == UNREACHABLE_V6) {
            int q = HEADER;
            int icmp = q + IPV6_HEADER;
            if (len < icmp + HEADER || (m[q] & 0xF0) != 0x60 || (m[q + 6] & 0xFF) != PROTOCOL_ICMPV6
                    || (m[icmp] & 0xFF) != ECHO_REQUEST_V6) {
                return Optional.empty();
            }
            InetAddress dst = address(m, q + 24, 16);
            return Optional.of(new IcmpMessage.Unreachable(
                    dst, u16(m, icmp + 4), u16(m, icmp + 6), true, m[1] & 0xFF));
        }
        return Optional.empty();
    }

    /**
     * Parses the quoted request that an unprivileged socket's error queue returns with an ICMP error
     * (the kernel already matched it to this socket). Empty unless it is one of our echo requests.
     */
    static Optional<IcmpMessage> parseQuotedRequest(byte[] m, int len, boolean ipv6, int code,
                                                    InetAddress originalDestination) {
        int expected = ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4;
        if (len < HEADER || (m[0] & 0xFF) != expected) {
            return Optional.empty();
        }
        return Optional.of(new IcmpMessage.Unreachable(originalDestination, u16(m, 4), u16(m, 6), ipv6, code));
    }

    private static Optional<IcmpMessage> echoReply(byte[] m, int len) {
        if (len < HEADER + 8) {
            return Optional.empty();
        }
        return Optional.of(new IcmpMessage.EchoReply(u16(m, 4), u16(m, 6), ByteBuffer.wrap(m, HEADER, 8).getLong()));
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    private static InetAddress address(byte[] d, int off, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(d, off, off + len));
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
