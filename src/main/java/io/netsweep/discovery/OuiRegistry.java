package io.netsweep.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * MAC vendor names from the IEEE registry (MA-L 24-bit, MA-M 28-bit and MA-S/IAB 36-bit
 * assignments), longest prefix first. The bundled data comes from Debian's {@code ieee-data} through
 * {@code scripts/gen-oui-data}; its {@code # source:} header says which release and when.
 *
 * <p>Locally administered addresses (bit 0x02 of the first octet) and group addresses (bit 0x01)
 * have no vendor. Vendor names are stripped of control characters and capped in length.
 *
 * <p>The data is loaded on the first lookup, once (about 1.5 MB kept as text with an index of
 * sorted prefixes, so loading allocates almost nothing per entry); after that the registry is
 * immutable. Thread-safe.
 */
public final class OuiRegistry {
    /** Where the bundled table lives on the class path. */
    public static final String RESOURCE = "/io/netsweep/discovery/oui.tsv.gz";
    static final int MAX_VENDOR_LENGTH = 80;
    private static final int[] PREFIX_BITS = {36, 28, 24};

    /**
     * The text and, per prefix length, the sorted prefixes with the offset of each vendor name.
     * Index 0, 1, 2 are 36, 28 and 24 bits.
     */
    private record Tables(byte[] text, long[][] prefixes, int[][] vendorAt, String source) {}

    private final Supplier<InputStream> data;
    private volatile Tables tables;

    private OuiRegistry(Supplier<InputStream> data) {
        this.data = data;
    }

    /** The registry bundled with netsweep. Loading is deferred to the first lookup. */
    public static OuiRegistry bundled() {
        return new OuiRegistry(() -> {
            InputStream in = OuiRegistry.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + "; run scripts/gen-oui-data");
            }
            return in;
        });
    }

    /** A registry read from gzip'd TSV as {@code scripts/gen-oui-data} writes it (for tests and updates). */
    public static OuiRegistry fromGzip(Supplier<InputStream> gzip) {
        return new OuiRegistry(gzip);
    }

    /** The vendor registered for {@code mac}'s prefix; empty if none, locally administered or group. */
    public Optional<String> vendor(MacAddress mac) {
        if (isLocallyAdministered(mac) || isGroup(mac)) {
            return Optional.empty();
        }
        Tables t = tables();
        for (int i = 0; i < PREFIX_BITS.length; i++) {
            int at = Arrays.binarySearch(t.prefixes()[i], mac.bits() >>> (48 - PREFIX_BITS[i]));
            if (at >= 0) {
                return Optional.of(vendorAt(t.text(), t.vendorAt()[i][at]));
            }
        }
        return Optional.empty();
    }

    /** The {@code # source:} header line of the data, for reports. */
    public String source() {
        return tables().source();
    }

    /** Number of prefixes known. */
    public int size() {
        Tables t = tables();
        return Arrays.stream(t.prefixes()).mapToInt(p -> p.length).sum();
    }

    public static boolean isLocallyAdministered(MacAddress mac) {
        return ((mac.bits() >>> 40) & 0x02) != 0;
    }

    public static boolean isGroup(MacAddress mac) {
        return ((mac.bits() >>> 40) & 0x01) != 0;
    }

    private Tables tables() {
        Tables t = tables;
        if (t == null) {
            synchronized (this) {
                t = tables;
                if (t == null) {
                    t = load();
                    tables = t;
                }
            }
        }
        return t;
    }

    private Tables load() {
        byte[] text;
        try (InputStream raw = data.get(); InputStream in = new GZIPInputStream(raw, 1 << 16)) {
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OUI registry", e);
        }
        int lines = 0;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        long[][] prefixes = new long[3][lines + 1];
        int[][] vendorAt = new int[3][lines + 1];
        int[] count = new int[3];
        String source = "unknown";
        int start = 0;
        while (start < text.length) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            if (text[start] == '#') {
                String line = new String(text, start, end - start, StandardCharsets.UTF_8);
                if (line.startsWith("# source:")) {
                    source = clean(line.substring(2));
                }
            } else {
                int tab = start;
                while (tab < end && text[tab] != '\t') {
                    tab++;
                }
                int digits = tab - start;
                int kind = digits == 9 ? 0 : digits == 7 ? 1 : digits == 6 ? 2 : -1;
                long prefix = kind < 0 ? -1 : hex(text, start, tab);
                if (prefix >= 0 && tab + 1 < end) {
                    prefixes[kind][count[kind]] = prefix;
                    vendorAt[kind][count[kind]] = tab + 1;
                    count[kind]++;
                }
            }
            start = end + 1;
        }
        for (int k = 0; k < 3; k++) {
            sortTogether(prefixes, vendorAt, k, count[k]);
        }
        return new Tables(text, prefixes, vendorAt, source);
    }

    /** Trims the arrays of one prefix length to size and sorts them by prefix (the file usually is already). */
    private static void sortTogether(long[][] prefixes, int[][] vendorAt, int k, int n) {
        long[] p = Arrays.copyOf(prefixes[k], n);
        int[] v = Arrays.copyOf(vendorAt[k], n);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = p[i - 1] < p[i];
        }
        if (!sorted) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(p[a], p[b]));
            long[] p2 = new long[n];
            int[] v2 = new int[n];
            for (int i = 0; i < n; i++) {
                p2[i] = p[order[i]];
                v2[i] = v[order[i]];
            }
            prefixes[k] = p2;
            vendorAt[k] = v2;
        } else {
            prefixes[k] = p;
            vendorAt[k] = v;
        }
    }

    private static long hex(byte[] s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s[i], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static String vendorAt(byte[] text, int from) {
        int end = from;
        while (end < text.length && text[end] != '\n') {
            end++;
        }
        return clean(new String(text, from, end - from, StandardCharsets.UTF_8));
    }

    /** Strips control and format characters and caps length: registry text ends up in terminals and HTML. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_VENDOR_LENGTH));
        for (int i = 0; i < s.length() && b.length() < MAX_VENDOR_LENGTH; i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                b.append(c);
            }
        }
        if (!b.isEmpty() && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
        return b.toString().strip();
    }

    @Override
    public String toString() {
        Tables t = tables;
        return "OuiRegistry[" + (t == null ? "not loaded" : t.source()) + "]";
    }
}
