package io.netsweep.port;

import java.util.BitSet;
import java.util.Locale;

/**
 * Parses a port specification as given to {@code -p}: comma-separated entries, each a port
 * ({@code 22}), a range ({@code 8000-8100}), an open-ended range ({@code -1024} means 1-1024,
 * {@code 60000-} means 60000-65535) or {@code -} alone (all ports). Blanks around entries and
 * around the dash are ignored, and an entry may carry nmap's {@code T:} (TCP) prefix, in either case.
 * Overlaps are fine; the result is a set.
 *
 * <p>Stateless and thread-safe. Every error is a {@link PortSpecException} whose one-line message
 * quotes the bad entry, e.g. {@code invalid port "70000": ports are 1-65535}.
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
                throw new PortSpecException("invalid port list \"" + spec.strip() + "\": empty entry");
            }
            addEntry(entry, ports);
        }
        return PortSet.of(ports.stream().toArray());
    }

    private static String stripProtocol(String entry) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            return entry;
        }
        String protocol = entry.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        if (!protocol.equals("T")) {
            throw new PortSpecException("invalid port \"" + entry + "\": only TCP ports (T:) are supported");
        }
        return entry.substring(colon + 1).strip();
    }

    private static void addEntry(String entry, BitSet ports) {
        int dash = entry.indexOf('-');
        if (dash < 0) {
            ports.set(port(entry, entry));
            return;
        }
        if (entry.indexOf('-', dash + 1) >= 0) {
            throw new PortSpecException("invalid port range \"" + entry + "\": more than one dash");
        }
        String left = entry.substring(0, dash).strip();
        String right = entry.substring(dash + 1).strip();
        int first = left.isEmpty() ? PortSet.MIN_PORT : port(left, entry);
        int last = right.isEmpty() ? PortSet.MAX_PORT : port(right, entry);
        if (last < first) {
            throw new PortSpecException("invalid port range \"" + entry + "\": range end is before its start");
        }
        ports.set(first, last + 1);
    }

    /** One port number; {@code entry} is the whole entry, named in errors about ranges. */
    private static int port(String text, String entry) {
        String shown = "invalid port \"" + text + "\"" + (text.equals(entry) ? "" : " in \"" + entry + "\"");
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
