package io.netsweep.port;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The committed TCP port table ({@code tcp-ports.tsv}, made by {@code scripts/gen-port-data}):
 * IANA service names and nmap's open-frequency order of all 65,535 ports.
 *
 * <p>Loaded once, on first use, into an immutable instance held by {@link #get()}; safe to share.
 */
final class PortData {
    static final String RESOURCE = "tcp-ports.tsv";

    private final String[] names;   // index = port; null when IANA has no name
    private final int[] byFrequency; // all ports 1..65535, most often open first

    private PortData(String[] names, int[] byFrequency) {
        this.names = names;
        this.byFrequency = byFrequency;
    }

    /** The shared table; the holder idiom makes the first call load it, thread-safely. */
    static PortData get() {
        return Holder.DATA;
    }

    String name(int port) {
        return port >= PortSet.MIN_PORT && port <= PortSet.MAX_PORT ? names[port] : null;
    }

    /** The {@code n} most often open ports (nmap order; ties and unlisted ports by ascending number). */
    int[] top(int n) {
        return Arrays.copyOf(byFrequency, n);
    }

    /** The ports IANA registers under {@code name} (any case), ascending; empty if none. */
    int[] portsNamed(String name) {
        return NameIndex.of(this).getOrDefault(name.toLowerCase(Locale.ROOT), new int[0]).clone();
    }

    private static final class Holder {
        static final PortData DATA = load();
    }

    /** Names to ports, built on the first lookup by name only: most scans never ask. */
    private static final class NameIndex {
        static final Map<String, int[]> INDEX = build(Holder.DATA);

        static Map<String, int[]> of(PortData data) {
            return data == Holder.DATA ? INDEX : build(data);
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

    private static PortData load() {
        try (InputStream in = PortData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }

    static PortData parse(BufferedReader reader) throws IOException {
        String[] names = new String[PortSet.MAX_PORT + 1];
        double[] freq = new double[PortSet.MAX_PORT + 1];
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new IllegalStateException(RESOURCE + ": malformed line: " + line);
            }
            int port = Integer.parseInt(f[0]);
            if (port < PortSet.MIN_PORT || port > PortSet.MAX_PORT) {
                throw new IllegalStateException(RESOURCE + ": port out of range: " + line);
            }
            names[port] = f[1].equals("-") ? null : f[1];
            freq[port] = Double.parseDouble(f[2]);
        }
        List<Integer> ports = new ArrayList<>(PortSet.MAX_PORT);
        for (int p = PortSet.MIN_PORT; p <= PortSet.MAX_PORT; p++) {
            ports.add(p);
        }
        // Stable sort: equal frequencies (mostly 0) stay in ascending port order.
        ports.sort(Comparator.comparingDouble((Integer p) -> freq[p]).reversed());
        return new PortData(names, ports.stream().mapToInt(Integer::intValue).toArray());
    }
}
