package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The {@code -p} parser on generated input: every way of writing a set of ports parses to that set, and
 * its compact form parses back to it; whatever else is written is either a set of ports or one
 * {@link PortSpecException} of one line, never another exception.
 */
class PortSpecPropertiesTest {
    /** Service names with the TCP ports IANA registers for them, written down here, not asked of the code. */
    private static final Map<String, int[]> NAMES = Map.of(
            "http", new int[] {80}, "ssh", new int[] {22}, "https", new int[] {443}, "ftp", new int[] {21},
            "telnet", new int[] {23}, "smtp", new int[] {25}, "domain", new int[] {53},
            "http-alt", new int[] {591, 8008, 8080}, "ftp-data", new int[] {20});

    /** One entry of a list as a person might write it, and the ports it means. */
    private record Entry(String text, BitSet ports) {}

    private record Spec(String text, PortSet expected) {}

    @Property(tries = 500)
    void aPortSetsCompactFormParsesBackToIt(@ForAll("portSets") PortSet ports) {
        assertThat(PortSpecParser.parse(ports.toString())).isEqualTo(ports);
    }

    @Property(tries = 1000)
    void everySpellingParsesToItsPortsAndItsFormParsesToTheSame(@ForAll("specs") Spec spec) {
        PortSet parsed = PortSpecParser.parse(spec.text());
        assertThat(parsed).as(spec.text()).isEqualTo(spec.expected());
        assertThat(PortSpecParser.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property(tries = 2000)
    void anythingElseIsASetOrOneLineNamingTheProblem(@ForAll("hostile") String text) {
        try {
            assertThat(PortSpecParser.parse(text).isEmpty()).isFalse();
        } catch (PortSpecException e) {
            assertThat(e.getMessage()).doesNotContain("\n", "\r").startsWith(text.isBlank() ? "no ports" : "invalid port");
        }
    }

    @Property(tries = 1000)
    void whatIsNotAPortIsRefused(@ForAll("invalidEntries") String entry, @ForAll("specs") Spec valid) {
        String text = valid.text() + "," + entry;
        assertThatThrownBy(() -> PortSpecParser.parse(text)).as(text).isInstanceOf(PortSpecException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Provide
    Arbitrary<PortSet> portSets() {
        Arbitrary<int[]> range = Combinators.combine(Arbitraries.integers().between(1, 65535),
                Arbitraries.integers().between(0, 3000)).as((a, len) -> new int[] {a, Math.min(65535, a + len)});
        return range.list().ofMinSize(1).ofMaxSize(8).map(ranges -> {
            PortSet all = PortSet.empty();
            for (int[] r : ranges) {
                all = all.union(PortSet.range(r[0], r[1]));
            }
            return all;
        });
    }

    @Provide
    Arbitrary<Spec> specs() {
        return entry().list().ofMinSize(1).ofMaxSize(6).map(entries -> {
            BitSet all = new BitSet();
            List<String> texts = new ArrayList<>();
            for (Entry e : entries) {
                all.or(e.ports());
                texts.add(e.text());
            }
            return new Spec(String.join(",", texts), PortSet.of(all.stream().toArray()));
        });
    }

    private Arbitrary<Entry> entry() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Entry> single = Combinators.combine(port, zeros()).as((p, z) -> new Entry(z + p, bits(p, p)));
        Arbitrary<Entry> range = Combinators.combine(port, port, blanks())
                .as((a, b, sp) -> new Entry(Math.min(a, b) + sp + "-" + sp + Math.max(a, b), bits(Math.min(a, b), Math.max(a, b))));
        Arbitrary<Entry> upTo = port.map(p -> new Entry("-" + p, bits(1, p)));
        Arbitrary<Entry> from = port.map(p -> new Entry(p + "-", bits(p, 65535)));
        Arbitrary<Entry> name = Arbitraries.of(NAMES.keySet().stream().sorted().toList()).flatMap(n ->
                Arbitraries.of(n, n.toUpperCase(), Character.toUpperCase(n.charAt(0)) + n.substring(1))
                        .map(spelled -> {
                            BitSet b = new BitSet();
                            for (int p : NAMES.get(n)) {
                                b.set(p);
                            }
                            return new Entry(spelled, b);
                        }));
        Arbitrary<Entry> plain = Arbitraries.frequencyOf(
                Tuple.of(6, single), Tuple.of(4, range), Tuple.of(1, upTo),
                Tuple.of(1, from), Tuple.of(3, name),
                Tuple.of(1, Arbitraries.just(new Entry("-", bits(1, 65535)))));
        return Combinators.combine(plain, Arbitraries.of("", "", "", "T:", "t:", "T: "), blanks(), blanks())
                .as((e, prefix, before, after) -> new Entry(before + prefix + e.text() + after, e.ports()));
    }

    private static Arbitrary<String> zeros() {
        return Arbitraries.of("", "", "", "0", "00");
    }

    private static Arbitrary<String> blanks() {
        return Arbitraries.of("", "", "", " ", "  ");
    }

    private static BitSet bits(int first, int last) {
        BitSet b = new BitSet();
        b.set(first, last + 1);
        return b;
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.strings()
                .withChars("0123456789-,: TtUuSs")
                .withChars("httpsh")
                .withChars("\t\n\r\u001b\u0007\u009b\u202e\u2028")
                .withChars("\u0660\u0665\u096b\uff15+*./_%")
                .ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> invalidEntries() {
        Arbitrary<String> tooBig = Arbitraries.longs().between(65536, Long.MAX_VALUE).map(String::valueOf);
        Arbitrary<String> reversed = Combinators.combine(Arbitraries.integers().between(2, 65535),
                Arbitraries.integers().between(1, 65534)).as((a, b) -> a + "-" + Math.min(a - 1, b));
        Arbitrary<String> otherDigits = Arbitraries.strings().withChars("\u0660\u0665\u096b\uff15").ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> unknownName = Arbitraries.strings().withChars("qxzjkw").ofMinLength(6).ofMaxLength(10);
        Arbitrary<String> otherProtocol = Combinators.combine(Arbitraries.of("U:", "u:", "S:", "X:", ":"),
                Arbitraries.integers().between(1, 65535)).as((p, n) -> p + n);
        Arbitrary<String> controls = Arbitraries.strings().withChars("\u001b\u0007\u009b\u202e\u0000").ofMinLength(1).ofMaxLength(4)
                .map(c -> "8" + c + "0");
        return Arbitraries.oneOf(tooBig, reversed, otherDigits, unknownName, otherProtocol, controls,
                Arbitraries.of("0", "", " ", "1-2-3", "--", "+22", "22-0x10", "http*", "-0"));
    }
}
