package io.netsweep.port;

import java.util.BitSet;
import java.util.Locale;

/**
 * Parses a port specification as given to {@code -p}: comma-separated entries, each a port
 * ({@code 22}), a range ({@code 8000-8100}), an open-ended range ({@code -1024} means 1-1024,
 * {@code 60000-} means 60000-65535), {@code -} alone (all ports) or, as with nmap, a service name
 * ({@code http}, {@code ssh}: every TCP port IANA registers under that name, see
 * {@link ServiceNames#portsNamed}). Numbers are ASCII digits only. Blanks around entries and around the
 * dash are ignored, and an entry may carry nmap's {@code T:} (TCP) prefix, in either case. {@link #parse} reads
 * TCP ports and refuses {@code U:} (UDP) and {@code S:} (SCTP); {@link #parseByProtocol} reads nmap's mixed
 * form ({@code U:53,161,T:22}), where a prefix holds until the next one and entries before any prefix are
 * ports of every protocol scanned. Overlaps are fine; the result is a set.
 *
 * <p>Stateless and thread-safe. Every error is a {@link PortSpecException} whose one-line message
 * quotes the bad entry, e.g. {@code invalid port "70000": ports are 1-65535}. The table of service
 * names is loaded only when an entry is a name.
 */
public final class PortSpecParser {
    private PortSpecParser() {}

    /** The ports {@code spec} names; never empty. */
    public static PortSet parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new PortSpecException("no ports given");
        }
        BitSet ports = new BitSet(PortSet.MAX_PORT + 1);
        for (String raw : spec.split(",", -1)) {
            String entry = stripProtocol(raw.strip());
            if (entry.isEmpty()) {
                throw new PortSpecException("invalid port list " + PortSpecException.quote(spec.strip()) + ": empty entry");
            }
            addEntry(entry, ports);
        }
        return PortSet.of(ports.stream().toArray());
    }

    /**
     * The ports {@code spec} names by protocol, in nmap's form: {@code U:} and {@code T:} prefixes, each holding
     * until the next; entries before any prefix are in {@link ProtocolPorts#unqualifiedTcp()} and
     * {@link ProtocolPorts#unqualifiedUdp()} (a service name taken as TCP's and as UDP's IANA name). {@code S:}
     * (SCTP) is refused. Never all empty.
     */
    public static ProtocolPorts parseByProtocol(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new PortSpecException("no ports given");
        }
        BitSet anyTcp = new BitSet(PortSet.MAX_PORT + 1);
        BitSet anyUdp = new BitSet(PortSet.MAX_PORT + 1);
        BitSet tcp = new BitSet(PortSet.MAX_PORT + 1);
        BitSet udp = new BitSet(PortSet.MAX_PORT + 1);
        Protocol current = null;
        for (String raw : spec.split(",", -1)) {
            String entry = raw.strip();
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                String prefix = entry.substring(0, colon).strip().toUpperCase(Locale.ROOT);
                current = switch (prefix) {
                    case "T" -> Protocol.TCP;
                    case "U" -> Protocol.UDP;
                    case "S" -> throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                            + ": SCTP (S:) is not supported; netsweep scans TCP (T:) and UDP (U:) ports");
                    default -> throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                            + ": only TCP (T:) and UDP (U:) ports are supported");
                };
                entry = entry.substring(colon + 1).strip();
            }
            if (entry.isEmpty()) {
                throw new PortSpecException("invalid port list " + PortSpecException.quote(spec.strip()) + ": empty entry");
            }
            if (current == null) {
                if (isName(entry)) {
                    PortSet t = ServiceNames.tcp().portsNamed(entry);
                    PortSet u = ServiceNames.udp().portsNamed(entry);
                    if (t.isEmpty() && u.isEmpty()) {
                        throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                                + ": not a port number or a service name IANA registers (such as http or domain)");
                    }
                    t.stream().forEach(anyTcp::set);
                    u.stream().forEach(anyUdp::set);
                } else {
                    addEntry(entry, anyTcp, ServiceNames.tcp(), "TCP");
                    addEntry(entry, anyUdp, ServiceNames.udp(), "UDP");
                }
            } else if (current == Protocol.TCP) {
                addEntry(entry, tcp, ServiceNames.tcp(), "TCP");
            } else {
                addEntry(entry, udp, ServiceNames.udp(), "UDP");
            }
        }
        return new ProtocolPorts(set(anyTcp), set(anyUdp), set(tcp), set(udp));
    }

    private static PortSet set(BitSet bits) {
        return bits.isEmpty() ? PortSet.empty() : PortSet.of(bits.stream().toArray());
    }

    private static String stripProtocol(String entry) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            return entry;
        }
        String protocol = entry.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        switch (protocol) {
            case "T" -> { }
            case "U" -> throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                    + ": UDP ports (U:) are scanned with -sU");
            case "S" -> throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                    + ": SCTP (S:) is not supported; netsweep scans TCP ports only");
            default -> throw new PortSpecException("invalid port " + PortSpecException.quote(entry)
                    + ": only TCP ports (T:) are supported");
        }
        return entry.substring(colon + 1).strip();
    }

    private static void addEntry(String entry, BitSet ports) {
        addEntry(entry, ports, null, "TCP");
    }

    private static void addEntry(String entry, BitSet ports, ServiceNames names, String protocol) {
        if (isName(entry)) {
            if (names == null) {
                addService(entry, ports);
                return;
            }
            PortSet named = names.portsNamed(entry);
            if (named.isEmpty()) {
                throw new PortSpecException("invalid port " + PortSpecException.quote(entry) + ": not a port number or a "
                        + protocol + " service name IANA registers");
            }
            named.stream().forEach(ports::set);
            return;
        }
        int dash = entry.indexOf('-');
        if (dash < 0) {
            ports.set(port(entry, entry));
            return;
        }
        if (entry.indexOf('-', dash + 1) >= 0) {
            throw new PortSpecException("invalid port range " + PortSpecException.quote(entry) + ": more than one dash");
        }
        String left = entry.substring(0, dash).strip();
        String right = entry.substring(dash + 1).strip();
        int first = left.isEmpty() ? PortSet.MIN_PORT : port(left, entry);
        int last = right.isEmpty() ? PortSet.MAX_PORT : port(right, entry);
        if (last < first) {
            throw new PortSpecException("invalid port range " + PortSpecException.quote(entry) + ": range end is before its start");
        }
        ports.set(first, last + 1);
    }

    /** Every IANA service name has an ASCII letter, and no port or range does. */
    private static boolean isName(String entry) {
        return entry.chars().anyMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    private static void addService(String name, BitSet ports) {
        PortSet named = ServiceNames.tcp().portsNamed(name);
        if (named.isEmpty()) {
            throw new PortSpecException("invalid port " + PortSpecException.quote(name) + ": not a port number or a TCP service name"
                    + " IANA registers (such as http or ssh)");
        }
        named.stream().forEach(ports::set);
    }

    /** One port number; {@code entry} is the whole entry, named in errors about ranges. */
    private static int port(String text, String entry) {
        String shown = "invalid port " + PortSpecException.quote(text)
                + (text.equals(entry) ? "" : " in " + PortSpecException.quote(entry));
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new PortSpecException(shown + ": not a port number");
        }
        String digits = text.replaceFirst("^0+(?=\\d)", "");
        int value = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (value < PortSet.MIN_PORT || value > PortSet.MAX_PORT) {
            throw new PortSpecException(shown + ": ports are 1-65535");
        }
        return value;
    }
}
