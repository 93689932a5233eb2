package io.netsweep.service;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An NTP control message (mode 6, RFC 9327): READVAR of the system variables (association 0), as {@code ntpq -c rv}
 * sends it, in version 2 as ntpq's oldest peers expect. ntpd and ntpsec answer it where their access rules allow
 * queries (no {@code noquery}), with text such as {@code version="ntpd ntpsec-1.2.2", system="Linux/6.1",
 * processor="x86_64", stratum=10}; chrony does not answer mode 6 at all. Decoded as {@code ntp.control.version},
 * {@code ntp.control.system}, {@code ntp.control.processor} and {@code ntp.control.stratum}, in that order, each only
 * where the answer has it. Only a response (R bit) without error (E bit) to this request's opcode and sequence, from
 * offset 0, whose count fits the datagram, is an answer; a multi-fragment answer is read from its first fragment.
 * Stateless.
 */
final class NtpControlQuery implements UdpExchange {
    private static final int READVAR = 2;
    /** The sequence number sent ("ns"), which the answer repeats. */
    private static final int SEQUENCE = 0x6e73;
    private static final int HEADER = 12;

    @Override
    public String name() {
        return "ntp-control";
    }

    @Override
    public byte[] request(InetAddress target) {
        byte[] p = new byte[HEADER];
        p[0] = (2 << 3) | 6; // LI 0, VN 2, mode 6
        p[1] = READVAR;
        p[2] = (byte) (SEQUENCE >>> 8);
        p[3] = (byte) SEQUENCE;
        return p; // status, association 0 (the system), offset 0, count 0: every system variable
    }

    @Override
    public Optional<String> decode(byte[] b) {
        if (b.length < HEADER || (b[0] & 0x7) != 6) {
            return Optional.empty();
        }
        boolean response = (b[1] & 0x80) != 0;
        boolean error = (b[1] & 0x40) != 0;
        int sequence = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int offset = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
        int count = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
        if (!response || error || (b[1] & 0x1f) != READVAR || sequence != SEQUENCE || offset != 0
                || count > b.length - HEADER) {
            return Optional.empty();
        }
        Map<String, String> vars = variables(new String(b, HEADER, count, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"version", "system", "processor", "stratum"}) {
            String value = vars.get(name);
            if (value != null) {
                CodedExchanges.line(out, "ntp.control." + name, value);
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * The {@code name=value} pairs of a READVAR answer, separated by commas and line ends; a value in double quotes
     * may hold commas. The first of a name is kept; a name without a value is left out.
     */
    static Map<String, String> variables(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)) || text.charAt(i) == 0)) {
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).trim();
            if (i >= n || text.charAt(i) == ',') {
                continue;
            }
            i++; // '='
            String value;
            if (i < n && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                value = text.substring(i + 1, end);
                i = close < 0 ? n : close + 1;
            } else {
                int valueStart = i;
                while (i < n && text.charAt(i) != ',') {
                    i++;
                }
                value = text.substring(valueStart, i).trim();
            }
            if (!name.isEmpty()) {
                vars.putIfAbsent(name, value);
            }
        }
        return vars;
    }
}
