package io.netsweep.port;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A committed port table ({@code tcp-ports.tsv}, and for UDP {@code udp-ports.tsv}, made by
 * {@code scripts/gen-port-data}): IANA service
 * names, and the ranking of all 65,535 ports that {@code --top-ports} and the default port set take their head
 * from (netsweep's list of common services, then IANA-registered ports; see NOTICE).
 *
 * <p>Loaded once, on first use, into an immutable instance held by {@link #get()}; safe to share.
 */
final class PortData {
    static final String RESOURCE = "tcp-ports.tsv";
    static final String UDP_RESOURCE = "udp-ports.tsv";

    private final String[] names; // index = port; null when IANA has no name
    private final int[] ranked;   // all ports 1..65535, first scanned first

    private PortData(String[] names, int[] ranked) {
        this.names = names;
        this.ranked = ranked;
    }

    /** The shared TCP table; the holder idiom makes the first call load it, thread-safely. */
    static PortData get() {
        return Holder.DATA;
    }

    /** The shared UDP table, loaded on first use like the TCP one. */
    static PortData udp() {
        return UdpHolder.DATA;
    }

    String name(int port) {
        return port >= PortSet.MIN_PORT && port <= PortSet.MAX_PORT ? names[port] : null;
    }

    /** The first {@code n} ports of the ranking (ranked ports by rank, then unranked ones ascending). */
    int[] top(int n) {
        return Arrays.copyOf(ranked, n);
    }

    /** The ports IANA registers under {@code name} (any case), ascending; empty if none. */
    int[] portsNamed(String name) {
        return NameIndex.of(this).getOrDefault(name.toLowerCase(Locale.ROOT), new int[0]).clone();
    }

    private static final class Holder {
        static final PortData DATA = load(RESOURCE);
    }

    private static final class UdpHolder {
        static final PortData DATA = load(UDP_RESOURCE);
    }

    /** Names to ports, built on the first lookup by name only: most scans never ask. */
    private static final class NameIndex {
        static final Map<String, int[]> INDEX = build(Holder.DATA);

        static Map<String, int[]> of(PortData data) {
            return data == Holder.DATA ? INDEX : data == UdpHolder.DATA ? UdpNameIndex.INDEX : build(data);
        }

        private static Map<String, int[]> build(PortData data) {
            Map<String, List<Integer>> ports = new HashMap<>();
            for (int p = PortSet.MIN_PORT; p <= PortSet.MAX_PORT; p++) {
                if (data.names[p] != null) {
                    ports.computeIfAbsent(data.names[p].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
                }
            }
            Map<String, int[]> index = new HashMap<>();
            ports.forEach((name, list) -> index.put(name, list.stream().mapToInt(Integer::intValue).toArray()));
            return Map.copyOf(index);
        }
    }

    private static final class UdpNameIndex {
        static final Map<String, int[]> INDEX = NameIndex.build(UdpHolder.DATA);
    }

    private static PortData load(String resource) {
        try (InputStream in = PortData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the build");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /**
     * Reads {@code port<TAB>name or -<TAB>rank} lines (rank 1 first, 0 unranked). Ranks must be 1..k without
     * gaps or repeats, so the ranking is placed by index: no sort, and start-up pays only for the parse.
     */
    static PortData parse(BufferedReader reader) throws IOException {
        String[] names = new String[PortSet.MAX_PORT + 1];
        int[] byRank = new int[PortSet.MAX_PORT + 1]; // index = rank, value = port
        boolean[] isRanked = new boolean[PortSet.MAX_PORT + 1];
        int rankedCount = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab1 = line.indexOf('\t');
            int tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
            if (tab2 < 0 || line.indexOf('\t', tab2 + 1) >= 0) {
                throw malformed("malformed line", line);
            }
            int port = number(line, 0, tab1);
            int rank = number(line, tab2 + 1, line.length());
            if (port < PortSet.MIN_PORT || port > PortSet.MAX_PORT) {
                throw malformed("port out of range", line);
            }
            if (isRanked[port] || names[port] != null) {
                throw malformed("port listed twice", line);
            }
            String name = line.substring(tab1 + 1, tab2);
            names[port] = name.equals("-") ? null : name;
            if (rank > 0) {
                if (rank > PortSet.MAX_PORT || byRank[rank] != 0) {
                    throw malformed("rank out of range or repeated", line);
                }
                byRank[rank] = port;
                isRanked[port] = true;
                rankedCount++;
            }
        }
        int[] ranked = new int[PortSet.MAX_PORT];
        for (int r = 1; r <= rankedCount; r++) {
            if (byRank[r] == 0) {
                throw new IllegalStateException(RESOURCE + ": rank " + r + " is missing");
            }
            ranked[r - 1] = byRank[r];
        }
        int next = rankedCount;
        for (int p = PortSet.MIN_PORT; p <= PortSet.MAX_PORT; p++) {
            if (!isRanked[p]) {
                ranked[next++] = p;
            }
        }
        return new PortData(names, ranked);
    }

    private static int number(String line, int from, int to) {
        try {
            return Integer.parseInt(line, from, to, 10);
        } catch (NumberFormatException e) {
            throw malformed("not a number", line);
        }
    }

    private static IllegalStateException malformed(String what, String line) {
        return new IllegalStateException(RESOURCE + ": " + what + ": " + line);
    }
}
