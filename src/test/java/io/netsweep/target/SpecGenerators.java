package io.netsweep.target;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of target spec text, each with the addresses it stands for worked out by brute force
 * (nested loops over octets, counting through ranges), independently of the parser and of the set's
 * representation. IPv4 specs stay inside 10.0-1.0-3.*, so every expansion is a few thousand addresses.
 */
final class SpecGenerators {
    private SpecGenerators() {}

    /** Spec text, its addresses as a target, and as an exclusion (exclusions keep network and broadcast). */
    record Gen(String text, Set<Long> asTarget, Set<Long> asExclusion) {
        Gen(String text, Set<Long> both) {
            this(text, both, both);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** One octet of a pattern: its text and its values. */
    record Octet(String text, Set<Integer> values) {}

    static long ip(int a, int b, int c, int d) {
        return ((long) a << 24) | (b << 16) | (c << 8) | d;
    }

    static String text(long v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    static InetAddress address(long v) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static long value(InetAddress a) {
        return new BigInteger(1, a.getAddress()).longValueExact();
    }

    static Arbitrary<Long> regionAddress() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 255)).as((b, c, d) -> ip(10, b, c, d));
    }

    static Arbitrary<Gen> ipv4Address() {
        return regionAddress().map(v -> new Gen(text(v), Set.of(v)));
    }

    /** {@code a.b.c.d-e} (same /24) or {@code a.b.c.d-a.b.c'.d'}, up to 600 addresses. */
    static Arbitrary<Gen> ipv4Range() {
        return Combinators.combine(regionAddress(), Arbitraries.integers().between(0, 600), Arbitraries.of(true, false))
                .as((start, length, shortForm) -> {
                    long end = Math.min(start + length, ip(10, 1, 3, 255));
                    boolean sameBlock = (start >>> 8) == (end >>> 8);
                    String t = shortForm && sameBlock ? text(start) + "-" + (end & 0xff) : text(start) + "-" + text(end);
                    Set<Long> all = new TreeSet<>();
                    for (long v = start; v <= end; v++) {
                        all.add(v);
                    }
                    return new Gen(t, all);
                });
    }

    /** {@code a.b.c.d/p}, p 22-32, host bits possibly set; /0-/30 as targets skip network and broadcast. */
    static Arbitrary<Gen> ipv4Cidr() {
        return Combinators.combine(regionAddress(), Arbitraries.integers().between(22, 32)).as((base, prefix) -> {
            long size = 1L << (32 - prefix);
            long network = base & ~(size - 1);
            Set<Long> all = new TreeSet<>();
            Set<Long> inner = new TreeSet<>();
            for (long v = network; v < network + size; v++) {
                all.add(v);
                if (prefix > 30 || (v != network && v != network + size - 1)) {
                    inner.add(v);
                }
            }
            return new Gen(text(base) + "/" + prefix, inner, all);
        });
    }

    /** An nmap octet pattern {@code 10.B.C.D} whose octets are lists of values and ranges. */
    static Arbitrary<Gen> ipv4Pattern() {
        return Combinators.combine(octet(0, 1), octet(0, 3), octet(0, 255), Arbitraries.integers().between(0, 9))
                .as((b, c, d, firstList) -> {
                    Set<Long> all = new TreeSet<>();
                    for (int vb : b.values()) {
                        for (int vc : c.values()) {
                            for (int vd : d.values()) {
                                all.add(ip(10, vb, vc, vd));
                            }
                        }
                    }
                    // now and then the first octet is a list too: 9,10.B.C.D (the 9.x part has no region limit)
                    if (firstList == 0) {
                        for (long v : List.copyOf(all)) {
                            all.add(v - (1L << 24));
                        }
                        return new Gen("9,10." + b.text() + "." + c.text() + "." + d.text(), all);
                    }
                    return new Gen("10." + b.text() + "." + c.text() + "." + d.text(), all);
                });
    }

    /** Comma-separated items within {@code lo..hi}; for a full octet also {@code *}, {@code -}, {@code -M}, {@code N-}. */
    static Arbitrary<Octet> octet(int lo, int hi) {
        boolean full = lo == 0 && hi == 255;
        Arbitrary<Octet> single = Arbitraries.integers().between(lo, hi).map(v -> new Octet(Integer.toString(v), Set.of(v)));
        Arbitrary<Octet> range = Combinators.combine(Arbitraries.integers().between(lo, hi), Arbitraries.integers().between(lo, hi))
                .as((x, y) -> {
                    int a = Math.min(x, y);
                    int b = Math.max(x, y);
                    return new Octet(a + "-" + b, values(a, b));
                });
        List<Arbitrary<Octet>> kinds = new ArrayList<>(List.of(single, single, range, range));
        if (full) {
            kinds.add(Arbitraries.of(new Octet("*", values(0, 255)), new Octet("-", values(0, 255))));
            kinds.add(Arbitraries.integers().between(0, 255).map(v -> new Octet("-" + v, values(0, v))));
            kinds.add(Arbitraries.integers().between(0, 255).map(v -> new Octet(v + "-", values(v, 255))));
        }
        Arbitrary<Octet> item = Arbitraries.oneOf(kinds);
        return item.list().ofMinSize(1).ofMaxSize(4).map(items -> new Octet(
                items.stream().map(Octet::text).collect(Collectors.joining(",")),
                items.stream().flatMap(i -> i.values().stream()).collect(Collectors.toCollection(TreeSet::new))));
    }

    private static Set<Integer> values(int a, int b) {
        Set<Integer> out = new TreeSet<>();
        for (int v = a; v <= b; v++) {
            out.add(v);
        }
        return out;
    }

    /** Any small IPv4 spec with its addresses. */
    static Arbitrary<Gen> ipv4Spec() {
        return Arbitraries.oneOf(ipv4Address(), ipv4Range(), ipv4Cidr(), ipv4Pattern(), ipv4Pattern());
    }

    /** A random IPv6 address in {@code fd00::/112}, written compressed or in full, sometimes in brackets. */
    static Arbitrary<String> ipv6Address() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 2))
                .as((low, form) -> switch (form) {
                    case 0 -> "fd00::" + Integer.toHexString(low);
                    case 1 -> "FD00:0:0:0:0:0:0:" + Integer.toHexString(low).toUpperCase();
                    default -> "[fd00::" + Integer.toHexString(low) + "]";
                });
    }

    /** Small IPv6 specs with their sizes: ranges and blocks in {@code fd00::/112}. */
    static Arbitrary<Gen> ipv6Spec() {
        Arbitrary<Gen> range = Combinators.combine(Arbitraries.integers().between(0, 0xfe00), Arbitraries.integers().between(0, 500))
                .as((start, length) -> new Gen("fd00::" + Integer.toHexString(start) + "-fd00::" + Integer.toHexString(start + length),
                        numbers(start, start + length)));
        Arbitrary<Gen> block = Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(118, 128))
                .as((base, prefix) -> {
                    int size = 1 << (128 - prefix);
                    int network = base & ~(size - 1);
                    return new Gen("fd00::" + Integer.toHexString(base) + "/" + prefix, numbers(network, network + size - 1));
                });
        return Arbitraries.oneOf(range, block);
    }

    /** Stand-ins for IPv6 addresses in a model: the low 16 bits, offset so they never meet IPv4 values. */
    private static Set<Long> numbers(long first, long last) {
        Set<Long> out = new TreeSet<>();
        for (long v = first; v <= last; v++) {
            out.add((1L << 40) + v);
        }
        return out;
    }

    /** RFC 1123 names whose last label has a letter. */
    static Arbitrary<String> hostname() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(12)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        Arbitrary<String> last = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(6);
        return Combinators.combine(label.list().ofMaxSize(3), last, Arbitraries.of("", "."))
                .as((labels, tld, dot) -> (labels.isEmpty() ? "" : String.join(".", labels) + ".") + tld + dot);
    }
}
