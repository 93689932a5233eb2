package io.netsweep.portscan;

/**
 * The TCP segments of the SYN scan: the SYN it sends (built into a caller's buffer) and the fields of an answer
 * it reads. Pure functions over byte arrays, network byte order. Stateless.
 */
final class TcpSegment {
    /** Bytes of the SYN: a 20-byte header and one option (MSS), as most stacks send and nmap does. */
    static final int SYN_LENGTH = 24;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;
    /** The window the SYN offers: what nmap offers (small, as the connection never gets data). */
    static final int WINDOW = 1024;
    /** The maximum segment size the SYN announces. */
    static final int MSS = 1460;
    private static final int PROTOCOL_TCP = 6;

    private TcpSegment() {
    }

    /**
     * Writes a SYN from {@code sourcePort} to {@code port} with sequence number {@code seq} into {@code out}. For
     * IPv4 ({@code source} and {@code destination} of 4 bytes) it fills in the checksum over the pseudo-header;
     * for IPv6 the checksum is left zero for the kernel ({@code IPV6_CHECKSUM}) and the addresses are not read.
     */
    static void writeSyn(byte[] out, int sourcePort, int port, int seq, byte[] source, byte[] destination) {
        putShort(out, 0, sourcePort);
        putShort(out, 2, port);
        putInt(out, 4, seq);
        putInt(out, 8, 0);
        out[12] = (byte) ((SYN_LENGTH / 4) << 4);
        out[13] = SYN;
        putShort(out, 14, WINDOW);
        putShort(out, 16, 0);
        putShort(out, 18, 0);
        out[20] = 2; // MSS option: kind 2, length 4
        out[21] = 4;
        putShort(out, 22, MSS);
        if (destination.length == 4) {
            putShort(out, 16, checksum4(source, destination, out, SYN_LENGTH));
        }
    }

    /** The TCP checksum of {@code length} bytes of {@code segment} over the IPv4 pseudo-header. */
    static int checksum4(byte[] source, byte[] destination, byte[] segment, int length) {
        long sum = 0;
        sum += sum16(source, 0, 4) + sum16(destination, 0, 4) + PROTOCOL_TCP + length;
        sum += sum16(segment, 0, length);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static long sum16(byte[] b, int from, int length) {
        long sum = 0;
        int i = from;
        for (; i + 1 < from + length; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < from + length) {
            sum += (b[i] & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Where the TCP header starts in a packet read from a raw IPv4 socket (after the IP header), or -1 when the
     * packet is not a whole-enough IPv4 TCP segment (another protocol, a fragment past the first, too short).
     */
    static int offsetAfterIpv4Header(byte[] packet, int length) {
        if (length < 20 || (packet[0] & 0xF0) != 0x40 || (packet[9] & 0xFF) != PROTOCOL_TCP) {
            return -1;
        }
        if ((((packet[6] & 0x1F) << 8) | (packet[7] & 0xFF)) != 0) {
            return -1; // a later fragment: no TCP header here
        }
        int ihl = (packet[0] & 0x0F) * 4;
        return ihl >= 20 && length >= ihl + 20 ? ihl : -1;
    }

    static int sourcePort(byte[] b, int tcp) {
        return getShort(b, tcp);
    }

    static int destinationPort(byte[] b, int tcp) {
        return getShort(b, tcp + 2);
    }

    static int seq(byte[] b, int tcp) {
        return getInt(b, tcp + 4);
    }

    static int ack(byte[] b, int tcp) {
        return getInt(b, tcp + 8);
    }

    static int flags(byte[] b, int tcp) {
        return b[tcp + 13] & 0x3F;
    }

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
