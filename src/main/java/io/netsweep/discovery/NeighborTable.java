package io.netsweep.discovery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of the kernel's neighbor (ARP / NDP) table. Immutable and thread-safe.
 *
 * <p>Parses {@code /proc/net/arp} (IPv4) and the output of {@code ip -6 neigh show} (IPv6).
 * Lines that do not parse are skipped: the text comes from the kernel, but a snapshot must never
 * fail a sweep.
 */
public final class NeighborTable {
    private static final int ATF_COM = 0x02;
    private static final int ATF_PERM = 0x04;

    private final Map<InetAddress, NeighborEntry> entries;

    private NeighborTable(Map<InetAddress, NeighborEntry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static NeighborTable empty() {
        return new NeighborTable(Map.of());
    }

    /** Parses the text of {@code /proc/net/arp} (first line is the column header). */
    public static NeighborTable parseProcNetArp(String text) {
        Map<InetAddress, NeighborEntry> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = fields(line);
            // IP address, HW type, Flags, HW address, Mask, Device
            if (f.length < 6 || !f[2].startsWith("0x")) {
                continue;
            }
            Optional<InetAddress> ip = literal(f[0]);
            int flags;
            try {
                flags = Integer.parseInt(f[2].substring(2), 16);
            } catch (NumberFormatException e) {
                continue;
            }
            if (ip.isEmpty()) {
                continue;
            }
            NeighborState state = (flags & ATF_PERM) != 0 ? NeighborState.PERMANENT
                    : (flags & ATF_COM) != 0 ? NeighborState.COMPLETE : NeighborState.INCOMPLETE;
            Optional<MacAddress> mac = mac(f[3]).filter(m -> m.bits() != 0);
            map.put(ip.get(), new NeighborEntry(ip.get(), mac, state, f[5]));
        }
        return new NeighborTable(map);
    }

    /**
     * Parses {@code ip neigh show} output, e.g.
     * {@code fd00:231::11 dev eth0 lladdr 02:31:00:00:00:0b router REACHABLE}.
     */
    public static NeighborTable parseIpNeigh(String text) {
        Map<InetAddress, NeighborEntry> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = fields(line);
            if (f.length < 2) {
                continue;
            }
            Optional<InetAddress> ip = literal(f[0]);
            if (ip.isEmpty()) {
                continue;
            }
            String device = "";
            Optional<MacAddress> mac = Optional.empty();
            NeighborState state = NeighborState.NONE;
            for (int i = 1; i < f.length; i++) {
                if (f[i].equals("dev") && i + 1 < f.length) {
                    device = f[++i];
                } else if (f[i].equals("lladdr") && i + 1 < f.length) {
                    mac = mac(f[++i]);
                } else {
                    Optional<NeighborState> s = NeighborState.fromKeyword(f[i]);
                    if (s.isPresent()) {
                        state = s.get();
                    }
                }
            }
            map.put(ip.get(), new NeighborEntry(ip.get(), mac, state, device));
        }
        return new NeighborTable(map);
    }

    /** The union of two snapshots (the other's entry wins for an address in both). */
    public NeighborTable merge(NeighborTable other) {
        Map<InetAddress, NeighborEntry> map = new LinkedHashMap<>(entries);
        map.putAll(other.entries);
        return new NeighborTable(map);
    }

    public Optional<NeighborEntry> lookup(InetAddress address) {
        return Optional.ofNullable(entries.get(address));
    }

    /** The entry for {@code address} if it counts as present (resolved, with a MAC). */
    public Optional<NeighborEntry> present(InetAddress address) {
        return lookup(address).filter(NeighborEntry::present);
    }

    public Collection<NeighborEntry> entries() {
        return List.copyOf(entries.values());
    }

    public int size() {
        return entries.size();
    }

    /** The whitespace-separated fields of {@code line} (by hand: a regular expression is slow on a cold JVM). */
    static String[] fields(String line) {
        List<String> out = new ArrayList<>(8);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(String[]::new);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An address literal only: {@link InetAddress#ofLiteral} never looks a name up. */
    static Optional<InetAddress> literal(String text) {
        int pct = text.indexOf('%');
        String t = pct >= 0 ? text.substring(0, pct) : text;
        try {
            return Optional.of(InetAddress.ofLiteral(t));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
