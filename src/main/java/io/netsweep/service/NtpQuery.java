package io.netsweep.service;

import java.net.InetAddress;
import java.util.Optional;

/**
 * RFC 5905 client request (48 bytes: LI 0, VN 4, mode 3, every other field zero) and the server's mode 4 answer,
 * decoded as {@code ntp.version}, {@code ntp.leap} (3: not synchronised), {@code ntp.stratum} (the wire's 0 read as
 * 16, unsynchronised), {@code ntp.refid} (stratum 2 and above: the upstream server's IPv4 address, or a hash for an
 * IPv6 one, dotted; stratum 1: the reference clock's code such as {@code GPS}) or {@code ntp.kiss} (stratum 0: a
 * kiss code such as {@code RATE}), {@code ntp.precision} (a power of two, in seconds), and
 * {@code ntp.synchronized=yes|no}. Any other mode, or less than 48 bytes, is not an answer.
 */
final class NtpQuery implements UdpExchange {
    @Override
    public String name() {
        return "ntp-client";
    }

    @Override
    public byte[] request(InetAddress target) {
        byte[] p = new byte[48];
        p[0] = 0x23;
        return p;
    }

    @Override
    public Optional<String> decode(byte[] b) {
        if (b.length < 48 || (b[0] & 0x7) != 4) {
            return Optional.empty();
        }
        int leap = (b[0] & 0xff) >>> 6;
        int version = (b[0] >>> 3) & 0x7;
        int stratum = b[1] & 0xff;
        StringBuilder out = new StringBuilder();
        out.append("ntp.version=").append(version).append('\n');
        out.append("ntp.leap=").append(leap).append('\n');
        out.append("ntp.stratum=").append(stratum == 0 ? 16 : stratum).append('\n');
        if (stratum == 0) {
            CodedExchanges.line(out, "ntp.kiss", ascii(b));
        } else if (stratum == 1) {
            CodedExchanges.line(out, "ntp.refid", ascii(b));
        } else {
            out.append("ntp.refid=").append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                    .append(b[14] & 0xff).append('.').append(b[15] & 0xff).append('\n');
        }
        out.append("ntp.precision=").append((int) b[3]).append('\n');
        boolean synced = leap != 3 && stratum >= 1 && stratum <= 15;
        out.append("ntp.synchronized=").append(synced ? "yes" : "no").append('\n');
        return Optional.of(out.toString());
    }

    /** The reference ID as up to four ASCII letters (NUL-padded). */
    private static String ascii(byte[] b) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 12; i < 16 && b[i] != 0; i++) {
            s.append((char) (b[i] & 0xff));
        }
        return s.toString();
    }
}
