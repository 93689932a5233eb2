package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UDP answers are untrusted: real UDP sockets on loopback answer each UDP probe with hostile datagrams (control
 * characters and terminal escapes in names and text, truncated and oversized datagrams, DNS name pointers that
 * loop, BER lengths past the end, endless OIDs). Detection never throws, never reports a control or invisible
 * formatting character in any field, and escapes what it shows of an answer it could not read.
 */
class HostileUdpServiceTest {
    private static final LoopbackAddresses ADDRESSES = new LoopbackAddresses(22);
    private static final String ESC = "\u001b[31m";

    record Case(String name, int port, Function<byte[], List<byte[]>> answer, Optional<String> expectService) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("dns TXT with terminal escapes and a bidi override", 53,
                q -> List.of(dnsTxt(q, "dnsmasq-2.90" + ESC + "\r\nX-Injected: yes\u202e")), Optional.of("domain")));
        c.add(new Case("dns TXT that names no product, all control characters", 53,
                q -> List.of(dnsTxt(q, "\u0007\u0008\u0000" + ESC + "\u007f")), Optional.of("domain")));
        c.add(new Case("dns answer whose name pointer loops", 53, q -> List.of(dnsLoop(q)), Optional.of("domain")));
        c.add(new Case("dns answer cut in its header", 53, q -> List.of(Arrays.copyOf(q, 7)), Optional.of("unknown")));
        c.add(new Case("dns answer cut inside its record", 53,
                q -> List.of(Arrays.copyOf(dnsTxt(q, "dnsmasq-2.90"), q.length + 8)), Optional.of("domain")));
        c.add(new Case("65,000-byte datagram of escapes on the dns port", 53,
                q -> List.of(repeat(ESC, 65_000)), Optional.of("unknown")));
        c.add(new Case("ntp answer of 47 bytes", 123, q -> List.of(new byte[47]), Optional.of("unknown")));
        c.add(new Case("ntp stratum 1 reference of control characters", 123, q -> List.of(ntp(1,
                new byte[] {0x1b, '[', '2', 'J'})), Optional.of("ntp")));
        c.add(new Case("snmp sysDescr with escapes and a line break", 161, q -> List.of(snmp(q,
                ber(0x04, ("Linux h" + ESC + " 6.1\n#1 x\u202e").getBytes(StandardCharsets.UTF_8)))), Optional.of("snmp")));
        c.add(new Case("snmp value whose length runs past the datagram", 161, q -> List.of(snmpRaw(q,
                new byte[] {0x04, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'})), Optional.of("snmp")));
        c.add(new Case("snmp sysObjectID of a thousand arcs", 161, q -> List.of(snmpOid(q, endlessOid())),
                Optional.of("snmp")));
        c.add(new Case("snmp answer of garbage BER", 161, q -> List.of(new byte[] {0x30, (byte) 0x82, 0x7f, 0x7f,
                0x02, 0x01}), Optional.of("unknown")));
        c.add(new Case("mdns answer with a service type of escapes and a looping pointer", 5353,
                q -> List.of(mdnsHostile(q)), Optional.of("mdns")));
        c.add(new Case("ssdp SERVER header with escapes and a CR", 1900, q -> List.of(("HTTP/1.1 200 OK\r\nSERVER: "
                + "Linux" + ESC + "\r UPnP/1.1 MiniUPnPd/2.3.1" + ESC + "\u202e\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)), Optional.of("upnp")));
        c.add(new Case("ssdp answer of 65,000 control bytes", 1900, q -> List.of(repeat("\u0000\u0001\u001b", 65_000)),
                Optional.of("unknown")));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileAnswersAreReadSafely(Case c) throws Exception {
        Prerequisites.require(ADDRESSES.mayBindLowPorts(), "the responders listen on the hinted (low) ports: run as root");
        InetAddress a = ADDRESSES.next();
        try (UdpResponder responder = new UdpResponder(a, c.port(), c.answer());
             ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            Optional<ServiceReport> report = detector.detectUdp(a, c.port()).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(responder.received()).as("the detector asked").isNotEmpty();
            assertThat(report.map(ServiceReport::service)).as("%s", report).isEqualTo(c.expectService());
            ServiceReport r = report.orElseThrow();
            List<String> fields = new ArrayList<>(List.of(r.service(), r.evidence()));
            r.product().ifPresent(fields::add);
            r.version().ifPresent(fields::add);
            r.extraInfo().ifPresent(fields::add);
            r.banner().ifPresent(fields::add);
            fields.addAll(r.cpes());
            for (String f : fields) {
                assertThat(f.codePoints().filter(HostileUdpServiceTest::unsafe).toArray()).as("unsafe in %s", f).isEmpty();
            }
            r.banner().ifPresent(b -> assertThat(b.length()).isLessThanOrEqualTo(Sanitize.MAX_BANNER_TEXT));
        }
    }

    private static boolean unsafe(int cp) {
        return Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
    }

    // ---- hostile answers, each to the request received ----

    private static byte[] repeat(String s, int bytes) {
        byte[] unit = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    /** The query turned into an answer (QR, AA) with one TXT record about its question. */
    private static byte[] dnsTxt(byte[] q, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(q);
        byte[] b = out.toByteArray();
        b[2] = (byte) 0x84;
        b[7] = 1;
        out.reset();
        out.writeBytes(b);
        out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0x00, 0x10, 0x00, 0x03, 0, 0, 0, 0, 0, (byte) (t.length + 1),
                (byte) t.length});
        out.writeBytes(t);
        return out.toByteArray();
    }

    /** An answer whose record's owner name is a pointer to itself. */
    private static byte[] dnsLoop(byte[] q) {
        byte[] b = Arrays.copyOf(q, q.length + 12);
        b[2] = (byte) 0x84;
        b[7] = 1;
        int at = q.length;
        b[at] = (byte) (0xc0 | at >> 8);
        b[at + 1] = (byte) at;
        return b;
    }

    private static byte[] ntp(int stratum, byte[] refid) {
        byte[] p = new byte[48];
        p[0] = 0x24;
        p[1] = (byte) stratum;
        System.arraycopy(refid, 0, p, 12, Math.min(4, refid.length));
        return p;
    }

    private static byte[] ber(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The request's request ID (so the answer is taken as one), from SnmpSystemQuery's fixed request. */
    private static byte[] requestId() {
        return ber(0x02, new byte[] {0x6e, 0x73, 0x76, 0x6e});
    }

    private static byte[] response(byte[] binds) {
        byte[] pdu = ber(0xa2, cat(requestId(), ber(0x02, new byte[] {0}), ber(0x02, new byte[] {0}), ber(0x30, binds)));
        return ber(0x30, cat(ber(0x02, new byte[] {1}), ber(0x04, "public".getBytes(StandardCharsets.US_ASCII)), pdu));
    }

    private static byte[] snmp(byte[] q, byte[] descrValue) {
        return response(ber(0x30, cat(ber(0x06, SnmpSystemQuery.encodeOid(SnmpSystemQuery.SYS_DESCR)), descrValue)));
    }

    /** A sysDescr binding whose value's long-form length claims far more than the datagram holds. */
    private static byte[] snmpRaw(byte[] q, byte[] rawValue) {
        return response(ber(0x30, cat(ber(0x06, SnmpSystemQuery.encodeOid(SnmpSystemQuery.SYS_DESCR)), rawValue)));
    }

    private static byte[] snmpOid(byte[] q, byte[] oid) {
        return response(ber(0x30, cat(ber(0x06, SnmpSystemQuery.encodeOid(SnmpSystemQuery.SYS_OBJECT_ID)),
                ber(0x06, oid))));
    }

    private static byte[] endlessOid() {
        byte[] b = new byte[1000];
        Arrays.fill(b, (byte) 0x01);
        b[0] = 0x2b;
        return b;
    }

    /** An mDNS answer: one service type of escapes, then a PTR whose data points at itself. */
    private static byte[] mdnsHostile(byte[] q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = q.clone();
        b[2] = (byte) 0x84;
        b[7] = 2;
        out.writeBytes(b);
        byte[] label = ("_x" + ESC + "\u202e").getBytes(StandardCharsets.UTF_8);
        byte[] data = cat(new byte[] {(byte) label.length}, label, new byte[] {(byte) 0xc0, 0x0c});
        out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01, 0, 0, 0, 10, 0, (byte) data.length});
        out.writeBytes(data);
        int at = out.size() + 12;
        out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0x00, 0x0c, 0x00, 0x01, 0, 0, 0, 10, 0, 2});
        out.writeBytes(new byte[] {(byte) (0xc0 | at >> 8), (byte) at});
        return out.toByteArray();
    }
}
