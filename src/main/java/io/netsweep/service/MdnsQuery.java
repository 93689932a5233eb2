package io.netsweep.service;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6762 legacy unicast query (sent from a port other than 5353, so the responder answers the sender directly) with
 * two questions: {@code _services._dns-sd._udp.local} PTR (RFC 6763, 9: the service types advertised) and the
 * target's own reverse name PTR (its host name). Decoded as {@code mdns.host=NAME} (the first name the reverse
 * question got), then {@code mdns.services=TYPE, TYPE} (without {@code .local}), each when present, then
 * {@code mdns.answers=N}.
 */
final class MdnsQuery implements UdpExchange {
    static final int ID = 0x6d71;
    private static final String SERVICES = "_services._dns-sd._udp.local";
    private static final int MAX_SERVICES = 16;

    @Override
    public String name() {
        return "mdns-services";
    }

    @Override
    public byte[] request(InetAddress target) {
        List<DnsWire.Question> q = new ArrayList<>();
        q.add(new DnsWire.Question(SERVICES, DnsWire.TYPE_PTR, DnsWire.CLASS_IN));
        q.add(new DnsWire.Question(reverse(target), DnsWire.TYPE_PTR, DnsWire.CLASS_IN));
        return DnsWire.query(ID, q);
    }

    /** {@code 4.3.2.1.in-addr.arpa}, or the nibbles of an IPv6 address under {@code ip6.arpa}. */
    static String reverse(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder s = new StringBuilder();
        if (a instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                s.append(b[i] & 0xff).append('.');
            }
            return s.append("in-addr.arpa").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            s.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit(b[i] >> 4 & 0xf, 16))
                    .append('.');
        }
        return s.append("ip6.arpa").toString();
    }

    @Override
    public Optional<String> decode(byte[] answer) {
        Optional<DnsWire.Message> m = DnsWire.parse(answer).filter(x -> x.response() && x.id() == ID);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        String host = null;
        Set<String> services = new LinkedHashSet<>();
        for (DnsWire.Record r : m.get().answers()) {
            if (r.type() != DnsWire.TYPE_PTR || r.data().isEmpty()) {
                continue;
            }
            String owner = r.name().toLowerCase(java.util.Locale.ROOT);
            if (owner.equals(SERVICES) && services.size() < MAX_SERVICES) {
                String type = r.data();
                services.add(type.toLowerCase(java.util.Locale.ROOT).endsWith(".local")
                        ? type.substring(0, type.length() - ".local".length()) : type);
            } else if (host == null && (owner.endsWith(".in-addr.arpa") || owner.endsWith(".ip6.arpa"))) {
                host = r.data();
            }
        }
        StringBuilder out = new StringBuilder();
        if (host != null) {
            CodedExchanges.line(out, "mdns.host", host);
        }
        if (!services.isEmpty()) {
            CodedExchanges.line(out, "mdns.services", String.join(", ", services));
        }
        out.append("mdns.answers=").append(m.get().answers().size()).append('\n');
        return Optional.of(out.toString());
    }
}
