package io.netsweep.service;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * RFC 1035 query of a server's self-description: {@code version.bind} or {@code version.server}, TXT in class CHAOS
 * (BIND's convention, which dnsmasq, Unbound, Knot and PowerDNS follow or refuse). Decoded as
 * {@code dns.rcode=NOERROR} and {@code dns.version=TEXT} per TXT answer about the name asked.
 */
record DnsVersionQuery(String name, String query) implements UdpExchange {
    static final int ID = 0x6e76;

    @Override
    public byte[] request(InetAddress target) {
        return DnsWire.query(ID, List.of(new DnsWire.Question(query, DnsWire.TYPE_TXT, DnsWire.CLASS_CH)));
    }

    @Override
    public Optional<String> decode(byte[] answer) {
        Optional<DnsWire.Message> m = DnsWire.parse(answer).filter(x -> x.response() && x.id() == ID);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        CodedExchanges.line(out, "dns.rcode", DnsWire.rcode(m.get().rcode()));
        for (DnsWire.Record r : m.get().answers()) {
            if (r.type() == DnsWire.TYPE_TXT && r.name().equalsIgnoreCase(query)) {
                CodedExchanges.line(out, "dns.version", r.data());
            }
        }
        return Optional.of(out.toString());
    }
}
