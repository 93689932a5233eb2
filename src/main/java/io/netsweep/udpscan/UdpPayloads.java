package io.netsweep.udpscan;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.xbill.DNS.ReverseMap;

/**
 * What a UDP probe carries to each port: a request of the protocol IANA registers there, one a server of it answers,
 * or an empty datagram where none is known. Every payload is written here from the protocol's own specification
 * (the RFC or the published standard named beside it), asks only for public, read-only information, and names
 * nothing of the scanning host; none comes from nmap's payload files.
 *
 * <p>Where a protocol has two versions a server may speak (SNMP v2c and v1), odd tries send the other. Immutable and
 * thread-safe.
 */
public final class UdpPayloads {
    private static final int MDNS = 5353;
    private final Map<Integer, byte[][]> byPort;

    private UdpPayloads(Map<Integer, byte[][]> byPort) {
        this.byPort = Map.copyOf(byPort);
    }

    /** The payloads of the well-known UDP services below. */
    public static UdpPayloads standard() {
        Map<Integer, byte[][]> m = new HashMap<>();
        byte[] dns = dnsVersionBind();
        m.put(53, new byte[][] {dns});
        m.put(MDNS, new byte[][] {mdnsServices()});
        m.put(123, new byte[][] {ntpClient()});
        m.put(161, new byte[][] {snmpGetSysDescr(1), snmpGetSysDescr(0)});
        m.put(1900, new byte[][] {ssdpSearch()});
        m.put(137, new byte[][] {netbiosNodeStatus()});
        m.put(500, new byte[][] {ikeV2SaInit()});
        m.put(69, new byte[][] {tftpReadRequest()});
        m.put(5060, new byte[][] {sipOptions()});
        m.put(11211, new byte[][] {memcachedVersion()});
        m.put(111, new byte[][] {rpcPortmapNull()});
        m.put(3702, new byte[][] {wsDiscoveryProbe()});
        m.put(5683, new byte[][] {coapWellKnownCore()});
        m.put(443, new byte[][] {quicVersionNegotiation()});
        return new UdpPayloads(m);
    }

    /** No payload anywhere: every probe is an empty datagram. */
    public static UdpPayloads empty() {
        return new UdpPayloads(Map.of());
    }

    /** The datagram for try {@code attempt} (0 first) to {@code port}; empty array for an empty datagram. */
    public byte[] forPort(int port, int attempt) {
        byte[][] p = byPort.get(port);
        if (p == null) {
            return new byte[0];
        }
        return p[Math.floorMod(attempt, p.length)];
    }

    /**
     * What a probe of {@code port} on {@code target} carries: {@link #forPort}'s payload, but for mDNS (5353) a query
     * that also asks for the target's own reverse name ({@link #mdnsServicesAndName}).
     */
    public byte[] forTarget(InetAddress target, int port, int attempt) {
        if (port == MDNS && byPort.containsKey(MDNS)) {
            return mdnsServicesAndName(target);
        }
        return forPort(port, attempt);
    }

    /** Whether {@code port} has a protocol payload. */
    public boolean knows(int port) {
        return byPort.containsKey(port);
    }

    // ---- the payloads ----

    /** RFC 1035 query, ID 0x6e73, recursion not desired: {@code version.bind} TXT in class CHAOS (BIND's convention, which dnsmasq, Unbound and Knot answer). */
    static byte[] dnsVersionBind() {
        Bytes b = new Bytes().u16(0x6e73).u16(0x0000).u16(1).u16(0).u16(0).u16(0);
        return b.name("version", "bind").u16(16).u16(3).toArray();
    }

    /**
     * RFC 6762 / 6763: a legacy unicast query (from a port other than 5353) for {@code _services._dns-sd._udp.local}
     * PTR and for {@code target}'s reverse name (PTR). A responder that advertises no service (Debian's avahi-daemon
     * as installed: no service file, no workstation or HINFO record) has no answer to the first question and,
     * as mDNS gives no negative answers, says nothing; every responder that publishes its addresses (Avahi does by
     * default) answers the second with its host name.
     */
    static byte[] mdnsServicesAndName(InetAddress target) {
        return mdnsQuery(target);
    }

    /** RFC 6762 / 6763: a legacy unicast query (from a port other than 5353) for {@code _services._dns-sd._udp.local} PTR. */
    static byte[] mdnsServices() {
        return mdnsQuery(null);
    }

    /** The services PTR question, then {@code target}'s reverse name PTR where there is a target. */
    private static byte[] mdnsQuery(InetAddress target) {
        Bytes b = new Bytes().u16(0x6d64).u16(0x0000).u16(target == null ? 1 : 2).u16(0).u16(0).u16(0);
        b.name("_services", "_dns-sd", "_udp", "local").u16(12).u16(1);
        if (target != null) {
            b.name(ReverseMap.fromAddress(target).toString(true).split("\\.")).u16(12).u16(1);
        }
        return b.toArray();
    }

    /** RFC 5905: a 48-byte NTPv4 client request (LI 0, VN 4, mode 3), every other field zero. */
    static byte[] ntpClient() {
        byte[] p = new byte[48];
        p[0] = 0x23;
        return p;
    }

    /** RFC 3416 / 1157 with RFC 3417's BER: GetRequest of sysDescr.0 (1.3.6.1.2.1.1.1.0), community {@code public}. */
    static byte[] snmpGetSysDescr(int version) {
        byte[] oid = {0x2b, 6, 1, 2, 1, 1, 1, 0};
        byte[] varbind = tlv(0x30, concat(tlv(0x06, oid), new byte[] {0x05, 0x00}));
        byte[] pdu = tlv(0xa0, concat(tlv(0x02, new byte[] {0x6e, 0x73, 0x77, 0x70}), tlv(0x02, new byte[] {0}),
                tlv(0x02, new byte[] {0}), tlv(0x30, varbind)));
        return tlv(0x30, concat(tlv(0x02, new byte[] {(byte) version}),
                tlv(0x04, "public".getBytes(StandardCharsets.US_ASCII)), pdu));
    }

    /** UPnP Device Architecture 2.0, 1.3.2: a unicast M-SEARCH for every device and service. */
    static byte[] ssdpSearch() {
        return ascii("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
                + "ST: ssdp:all\r\nUSER-AGENT: netsweep/1 UPnP/2.0 netsweep/1\r\n\r\n");
    }

    /** RFC 1002, 4.2.17: NODE STATUS REQUEST for the wildcard name {@code *}. */
    static byte[] netbiosNodeStatus() {
        Bytes b = new Bytes().u16(0x6e62).u16(0x0000).u16(1).u16(0).u16(0).u16(0);
        byte[] name = new byte[32]; // first-level encoding of "*" padded with NULs (RFC 1001, 14.1)
        name[0] = 'C';
        name[1] = 'K';
        for (int i = 2; i < 32; i++) {
            name[i] = 'A';
        }
        b.u8(32).raw(name).u8(0);
        return b.u16(0x21).u16(1).toArray(); // NBSTAT, IN
    }

    /**
     * RFC 7296: an IKE_SA_INIT request whose SA offers one IKE proposal (AES-CBC-128, HMAC-SHA1, HMAC-SHA1-96,
     * group 14), with a KE payload of zeros and a nonce: a responder answers it (an IKE_SA_INIT or a notify).
     */
    static byte[] ikeV2SaInit() {
        byte[] transforms = concat(
                transform(3, 1, 12, new byte[] {(byte) 0x80, 0x0e, 0x00, (byte) 0x80}), // ENCR AES_CBC, key 128
                transform(3, 2, 2, new byte[0]),   // PRF_HMAC_SHA1
                transform(3, 3, 2, new byte[0]),   // AUTH_HMAC_SHA1_96
                transform(0, 4, 14, new byte[0])); // D-H group 14
        byte[] proposal = new Bytes().u8(0).u8(0).u16(8 + transforms.length).u8(1).u8(1).u8(0).u8(4)
                .raw(transforms).toArray();
        byte[] sa = new Bytes().u8(34).u8(0).u16(4 + proposal.length).raw(proposal).toArray(); // next: KE
        byte[] keData = new byte[256];
        byte[] ke = new Bytes().u8(40).u8(0).u16(8 + keData.length).u16(14).u16(0).raw(keData).toArray(); // next: Nonce
        byte[] nonceData = new byte[32];
        Arrays.fill(nonceData, (byte) 0x6e);
        byte[] nonce = new Bytes().u8(0).u8(0).u16(4 + nonceData.length).raw(nonceData).toArray();
        byte[] body = concat(sa, ke, nonce);
        Bytes h = new Bytes().raw(new byte[] {0x6e, 0x65, 0x74, 0x73, 0x77, 0x65, 0x65, 0x70}).raw(new byte[8])
                .u8(33).u8(0x20).u8(34).u8(0x08).u32(0).u32(28 + body.length);
        return h.raw(body).toArray();
    }

    private static byte[] transform(int next, int type, int id, byte[] attributes) {
        return new Bytes().u8(next).u8(0).u16(8 + attributes.length).u8(type).u8(0).u16(id).raw(attributes).toArray();
    }

    /** RFC 1350: a read request for a file no server has, in octet mode: the answer is an ERROR packet. */
    static byte[] tftpReadRequest() {
        return new Bytes().u16(1).raw(ascii("netsweep-probe")).u8(0).raw(ascii("octet")).u8(0).toArray();
    }

    /** RFC 3261, 11: an OPTIONS request to the server itself. */
    static byte[] sipOptions() {
        return ascii("OPTIONS sip:nm SIP/2.0\r\nVia: SIP/2.0/UDP nm;branch=z9hG4bK6e73777065;rport\r\n"
                + "Max-Forwards: 70\r\nTo: <sip:nm@nm>\r\nFrom: <sip:nm@nm>;tag=6e7377\r\n"
                + "Call-ID: 6e73777065657021@nm\r\nCSeq: 42 OPTIONS\r\nContact: <sip:nm@nm>\r\n"
                + "Accept: application/sdp\r\nContent-Length: 0\r\n\r\n");
    }

    /** memcached's protocol.txt, "UDP protocol": the 8-byte frame header (request 0x6e73, 1 datagram), then {@code version}. */
    static byte[] memcachedVersion() {
        return new Bytes().u16(0x6e73).u16(0).u16(1).u16(0).raw(ascii("version\r\n")).toArray();
    }

    /** RFC 5531 call of RFC 1833's portmapper (program 100000, version 2), procedure 0 (NULL), no credentials. */
    static byte[] rpcPortmapNull() {
        return new Bytes().u32(0x6e737770).u32(0).u32(2).u32(100000).u32(2).u32(0).u32(0).u32(0).u32(0).u32(0)
                .toArray();
    }

    /** WS-Discovery 1.1 (OASIS), 5.2: a Probe with no types, which every target service answers. */
    static byte[] wsDiscoveryProbe() {
        return ascii("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
                + "xmlns:wsd=\"http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01\">"
                + "<soap:Header><wsa:To>urn:docs-oasis-open-org:ws-dd:ns:discovery:2009:01</wsa:To>"
                + "<wsa:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Probe</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:6e737770-6565-4000-8000-6e7377706565</wsa:MessageID></soap:Header>"
                + "<soap:Body><wsd:Probe/></soap:Body></soap:Envelope>");
    }

    /** RFC 7252 / 6690: a confirmable GET of {@code /.well-known/core}. */
    static byte[] coapWellKnownCore() {
        // Ver 1, CON, TKL 0; GET; message ID; Uri-Path ".well-known" (option 11, length 11), then "core" (delta 0).
        return new Bytes().u8(0x40).u8(0x01).u16(0x6e73).u8(0xbb).raw(ascii(".well-known")).u8(0x04)
                .raw(ascii("core")).toArray();
    }

    /**
     * RFC 9000, 6 and 17.2: a long-header packet of a version no endpoint supports (0x?a?a?a?a is reserved for
     * exactly this, RFC 9000 15), padded to 1,200 bytes: a QUIC server answers it with Version Negotiation.
     */
    static byte[] quicVersionNegotiation() {
        byte[] dcid = {0x6e, 0x73, 0x77, 0x70, 0x65, 0x65, 0x70, 0x21};
        byte[] scid = {0x6e, 0x73, 0x77, 0x70};
        Bytes b = new Bytes().u8(0xc0).u32(0x1a2a3a4a).u8(dcid.length).raw(dcid).u8(scid.length).raw(scid);
        byte[] head = b.toArray();
        return Arrays.copyOf(head, 1200);
    }

    // ---- encoding helpers ----

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A BER TLV with a definite length (short or long form). */
    private static byte[] tlv(int tag, byte[] value) {
        Bytes b = new Bytes().u8(tag);
        int n = value.length;
        if (n < 0x80) {
            b.u8(n);
        } else if (n < 0x100) {
            b.u8(0x81).u8(n);
        } else {
            b.u8(0x82).u16(n);
        }
        return b.raw(value).toArray();
    }

    private static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.toArray();
    }

    /** Big-endian byte building. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Bytes u32(int v) {
            return u16(v >>> 16).u16(v);
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** A DNS name in labels, ending with the root. */
        Bytes name(String... labels) {
            for (String l : labels) {
                byte[] a = ascii(l);
                u8(a.length).raw(a);
            }
            return u8(0);
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
