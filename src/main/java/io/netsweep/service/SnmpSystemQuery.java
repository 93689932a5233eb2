package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * RFC 3416 (v2c) or RFC 1157 (v1) GetRequest with community {@code public}, read-only: {@code sysDescr.0} and
 * {@code sysObjectID.0} (RFC 3418's system group), and in v2c also Net-SNMP's {@code versionTag.0}
 * (UCD-SNMP-MIB 1.3.6.1.4.1.2021.100.2.0), which v2c lets an agent that lacks it answer per variable
 * ({@code noSuchObject}) where v1 would fail the whole request. The GetResponse is read with {@link Ber}:
 * {@code snmp.version=1|2c}, {@code snmp.error=N} when the agent reported one, then {@code snmp.sysDescr},
 * {@code snmp.sysObjectID} (dotted) and {@code snmp.versionTag} where they have values, in that order.
 */
record SnmpSystemQuery(boolean v2c) implements UdpExchange {
    static final int REQUEST_ID = 0x6e73766e;
    static final String SYS_DESCR = "1.3.6.1.2.1.1.1.0";
    static final String SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0";
    static final String VERSION_TAG = "1.3.6.1.4.1.2021.100.2.0";
    private static final int MAX_ARCS = 64;

    @Override
    public String name() {
        return v2c ? "snmp-v2c-system" : "snmp-v1-system";
    }

    @Override
    public byte[] request(InetAddress target) {
        List<String> oids = v2c ? List.of(SYS_DESCR, SYS_OBJECT_ID, VERSION_TAG) : List.of(SYS_DESCR, SYS_OBJECT_ID);
        ByteArrayOutputStream binds = new ByteArrayOutputStream();
        for (String oid : oids) {
            binds.writeBytes(Ber.encode(0x30, concat(Ber.encode(0x06, encodeOid(oid)), new byte[] {0x05, 0x00})));
        }
        byte[] pdu = Ber.encode(0xa0, concat(Ber.encode(0x02, new byte[] {0x6e, 0x73, 0x76, 0x6e}), Ber.encode(0x02, new byte[] {0}),
                Ber.encode(0x02, new byte[] {0}), Ber.encode(0x30, binds.toByteArray())));
        return Ber.encode(0x30, concat(Ber.encode(0x02, new byte[] {(byte) (v2c ? 1 : 0)}),
                Ber.encode(0x04, "public".getBytes(StandardCharsets.US_ASCII)), pdu));
    }

    @Override
    public Optional<String> decode(byte[] answer) {
        Optional<Ber> message = Ber.at(answer, 0, answer.length).filter(m -> m.tag() == 0x30);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        List<Ber> top = message.get().children();
        if (top.size() < 3 || top.get(0).tag() != 0x02 || top.get(2).tag() != 0xa2) {
            return Optional.empty();
        }
        List<Ber> pdu = top.get(2).children();
        if (pdu.size() < 4 || pdu.get(0).tag() != 0x02 || pdu.get(0).integer() != REQUEST_ID
                || pdu.get(3).tag() != 0x30) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int version = top.get(0).integer();
        out.append("snmp.version=").append(version == 0 ? "1" : version == 1 ? "2c" : Integer.toString(version))
                .append('\n');
        int error = pdu.get(1).integer();
        if (error != 0) {
            out.append("snmp.error=").append(error).append('\n');
        }
        String descr = null;
        String objectId = null;
        String versionTag = null;
        for (Ber bind : pdu.get(3).children()) {
            List<Ber> pair = bind.children();
            if (bind.tag() != 0x30 || pair.size() != 2 || pair.get(0).tag() != 0x06) {
                continue;
            }
            Optional<String> oid = decodeOid(pair.get(0));
            Ber value = pair.get(1);
            if (oid.isEmpty()) {
                continue;
            }
            switch (oid.get()) {
                case SYS_DESCR -> descr = value.tag() == 0x04 ? value.text() : descr;
                case SYS_OBJECT_ID -> objectId = value.tag() == 0x06 ? decodeOid(value).orElse(null) : objectId;
                case VERSION_TAG -> versionTag = value.tag() == 0x04 ? value.text() : versionTag;
                default -> { }
            }
        }
        if (descr != null) {
            CodedExchanges.line(out, "snmp.sysDescr", Sanitize.matched(descr, ServiceReport.MAX_FIELD));
        }
        if (objectId != null) {
            out.append("snmp.sysObjectID=").append(objectId).append('\n');
        }
        if (versionTag != null) {
            CodedExchanges.line(out, "snmp.versionTag", Sanitize.matched(versionTag, ServiceReport.MAX_VERSION));
        }
        return Optional.of(out.toString());
    }

    /** An OBJECT IDENTIFIER's value as dotted arcs; empty when malformed or longer than anything real. */
    static Optional<String> decodeOid(Ber oid) {
        byte[] b = oid.bytes();
        if (oid.end() <= oid.start()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        long arc = 0;
        int arcs = 0;
        int bytesInArc = 0;
        for (int i = oid.start(); i < oid.end(); i++) {
            int v = b[i] & 0xff;
            arc = arc << 7 | (v & 0x7f);
            if (++bytesInArc > 5) {
                return Optional.empty();
            }
            if ((v & 0x80) != 0) {
                continue;
            }
            if (arcs == 0) {
                int first = arc < 80 ? (int) (arc / 40) : 2;
                s.append(first).append('.').append(arc - 40L * first);
                arcs = 2;
            } else {
                s.append('.').append(arc);
                arcs++;
            }
            if (arcs > MAX_ARCS) {
                return Optional.empty();
            }
            arc = 0;
            bytesInArc = 0;
        }
        return bytesInArc == 0 ? Optional.of(s.toString()) : Optional.empty();
    }

    static byte[] encodeOid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            byte[] tmp = new byte[5];
            int n = 0;
            do {
                tmp[n++] = (byte) (v & 0x7f);
                v >>>= 7;
            } while (v != 0);
            for (int k = n - 1; k >= 0; k--) {
                out.write(tmp[k] | (k > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
