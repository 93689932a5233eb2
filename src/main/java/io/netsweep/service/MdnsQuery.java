package io.netsweep.service;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 6762 legacy unicast query (sent from a port other than 5353, so the responder answers the sender directly) with
 * two questions: {@code _services._dns-sd._udp.local} PTR (RFC 6763, 9: the service types advertised) and the
 * target's own reverse name PTR (its host name). Decoded as {@code mdns.host=NAME} (the first name the reverse
 * question got), then {@code mdns.services=TYPE, TYPE} (without {@code .local}), each when present, then
 * {@code mdns.answers=N}.
 *
 * <p>Where the answer names a service type, a {@linkplain #followUp follow-up} asks for the first type's instances
 * (PTR), whose answer tells responders apart by where they put the records that describe an instance (its SRV and
 * TXT, its host's addresses): RFC 6763, 12.1 makes them additional records, while Avahi appends them to the answer
 * section of a legacy unicast reply, with no additional section
 * ({@code avahi_server_generate_response} in avahi-core/server.c). Decoded as {@code mdns.instances=NAME, NAME}
 * and {@code mdns.records=answers} (an instance's SRV in the answer section and no additional record),
 * {@code additional} (additional records) or {@code none}, before {@code mdns.answers=N}.
 */
final class MdnsQuery implements UdpExchange {
    static final int ID = 0x6d71;
    private static final String SERVICES = "_services._dns-sd._udp.local";
    private static final int MAX_SERVICES = 16;
    /** A service type's name, lower-cased: {@code _http._tcp.local}. Compiled once for every record read. */
    private static final Pattern SERVICE_TYPE = Pattern.compile("_[a-z0-9-]{1,63}\\._(tcp|udp)\\.local");

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

    /** The first advertised service type's instances (PTR), asked where the answer names a type. */
    @Override
    public Optional<byte[]> followUp(InetAddress target, byte[] answer) {
        Optional<DnsWire.Message> m = DnsWire.parse(answer).filter(x -> x.response() && x.id() == ID);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        for (DnsWire.Record r : m.get().answers()) {
            String type = r.data().toLowerCase(java.util.Locale.ROOT);
            if (r.type() == DnsWire.TYPE_PTR && r.name().equalsIgnoreCase(SERVICES)
                    && SERVICE_TYPE.matcher(type).matches()) {
                return Optional.of(DnsWire.query(ID, List.of(new DnsWire.Question(type, DnsWire.TYPE_PTR,
                        DnsWire.CLASS_IN))));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> decode(byte[] answer) {
        Optional<DnsWire.Message> m = DnsWire.parse(answer).filter(x -> x.response() && x.id() == ID);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        String host = null;
        Set<String> services = new LinkedHashSet<>();
        Set<String> instances = new LinkedHashSet<>();
        Set<String> described = new java.util.HashSet<>();
        for (DnsWire.Record r : m.get().answers()) {
            String owner = r.name().toLowerCase(java.util.Locale.ROOT);
            if (r.type() == DnsWire.TYPE_SRV) {
                described.add(owner);
            }
            if (r.type() != DnsWire.TYPE_PTR || r.data().isEmpty()) {
                continue;
            }
            if (owner.equals(SERVICES) && services.size() < MAX_SERVICES) {
                String type = r.data();
                services.add(type.toLowerCase(java.util.Locale.ROOT).endsWith(".local")
                        ? type.substring(0, type.length() - ".local".length()) : type);
            } else if (host == null && (owner.endsWith(".in-addr.arpa") || owner.endsWith(".ip6.arpa"))) {
                host = r.data();
            } else if (SERVICE_TYPE.matcher(owner).matches() && instances.size() < MAX_SERVICES) {
                instances.add(r.data());
            }
        }
        StringBuilder out = new StringBuilder();
        if (host != null) {
            CodedExchanges.line(out, "mdns.host", host);
        }
        if (!services.isEmpty()) {
            CodedExchanges.line(out, "mdns.services", String.join(", ", services));
        }
        if (!instances.isEmpty()) {
            CodedExchanges.line(out, "mdns.instances", String.join(", ", instances));
            boolean inAnswers = instances.stream().anyMatch(i -> described.contains(i.toLowerCase(java.util.Locale.ROOT)));
            out.append("mdns.records=").append(m.get().additional() > 0 ? "additional"
                    : inAnswers ? "answers" : "none").append('\n');
        }
        out.append("mdns.answers=").append(m.get().answers().size()).append('\n');
        return Optional.of(out.toString());
    }
}
