package io.netsweep.target;

import static io.netsweep.target.SpecGenerators.address;
import static io.netsweep.target.SpecGenerators.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.target.SpecGenerators.Gen;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the target parser and of target sets, over random specs whose addresses the generators
 * work out by brute force ({@link SpecGenerators}): valid text round-trips and expands to exactly those
 * addresses; bad text is one clean line of {@link TargetException} and never a name to look up.
 */
class TargetParserPropertiesTest {

    @Provide
    Arbitrary<String> anyValidSpec() {
        return Arbitraries.oneOf(SpecGenerators.ipv4Spec().map(Gen::text), SpecGenerators.ipv6Spec().map(Gen::text),
                SpecGenerators.ipv6Address(), SpecGenerators.hostname());
    }

    @Property(tries = 2000)
    void validSpecsRoundTripThroughTheirCanonicalText(@ForAll("anyValidSpec") String text) {
        TargetSpec spec = TargetParser.parse(text);
        TargetSpec again = TargetParser.parse(spec.toString());
        assertThat(again).isEqualTo(spec);
        assertThat(again).hasToString(spec.toString());
    }

    @Provide
    Arbitrary<Gen> smallSpec() {
        return Arbitraries.oneOf(SpecGenerators.ipv4Spec(), SpecGenerators.ipv6Spec());
    }

    @Property(tries = 1000)
    void sizeOfOneSpecIsItsBruteForceExpansion(@ForAll("smallSpec") Gen spec) {
        TargetSet set = TargetSet.of(spec.text());
        assertThat(set.size()).isEqualTo(spec.asTarget().size());
    }

    @Provide
    Arbitrary<List<Gen>> includes() {
        return SpecGenerators.ipv4Spec().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Gen>> excludes() {
        return SpecGenerators.ipv4Spec().list().ofMaxSize(4);
    }

    /** Size, order, index access, membership and the seeded permutation, against a set of numbers. */
    @Property(tries = 400)
    void setOfSpecsMinusExclusionsIsTheBruteForceModel(@ForAll("includes") List<Gen> includes,
                                                      @ForAll("excludes") List<Gen> excludes,
                                                      @ForAll long seed) {
        TreeSet<Long> model = new TreeSet<>();
        TargetSetBuilder builder = TargetSet.builder(HostResolver.none());
        for (Gen g : includes) {
            model.addAll(g.asTarget());
            builder.add(g.text());
        }
        for (Gen g : excludes) {
            model.removeAll(g.asExclusion());
            builder.exclude(g.text());
        }
        if (model.isEmpty()) {
            assertThatThrownBy(builder::build).isInstanceOf(TargetException.class).hasMessageStartingWith("no targets to scan");
            return;
        }
        TargetSet set = builder.build();

        assertThat(set.size()).isEqualTo(model.size());
        List<Long> iterated = new ArrayList<>();
        set.forEach(a -> iterated.add(value(a)));
        assertThat(iterated).containsExactlyElementsOf(model);
        long index = 0;
        for (long v : model) {
            assertThat(set.get(index++)).isEqualTo(address(v));
            assertThat(set.contains(address(v))).isTrue();
        }
        for (long v : List.of(model.first() - 1, model.last() + 1, SpecGenerators.ip(10, 2, 0, 0), SpecGenerators.ip(9, 0, 0, 1))) {
            assertThat(set.contains(address(v))).isEqualTo(model.contains(v));
        }
        Permutation order = new Permutation(set.size(), seed);
        BitSet seen = new BitSet(model.size());
        List<Long> ordered = new ArrayList<>(model);
        for (long i = 0; i < set.size(); i++) {
            InetAddress a = set.get(order.apply(i));
            int rank = java.util.Collections.binarySearch(ordered, value(a));
            assertThat(rank).isNotNegative();
            assertThat(seen.get(rank)).isFalse();
            seen.set(rank);
        }
        assertThat(seen.cardinality()).isEqualTo(model.size());
    }

    @Provide
    Arbitrary<String> brokenIpv4() {
        Arbitrary<String> valid = SpecGenerators.ipv4Spec().map(Gen::text).filter(t -> t.indexOf('/') < 0);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 3);
        return Combinators.combine(valid, where, Arbitraries.integers().between(0, 8), Arbitraries.integers().between(256, 999))
                .as((text, octet, mutation, big) -> {
                    String[] parts = text.split("\\.", -1);
                    int i = Math.min(octet, parts.length - 1);
                    switch (mutation) {
                        case 0 -> parts[i] = Integer.toString(big);                 // 300.1.1.1
                        case 1 -> parts[i] = parts[i] + "-" + big;                  // 10.0.0.1-300
                        case 2 -> parts[i] = "0" + (1 + big % 9);                   // leading zero
                        case 3 -> parts[i] = parts[i] + ",";                        // empty list item
                        case 4 -> parts[i] = "9-3";                                 // range end before its start
                        case 5 -> parts[i] = "";                                    // empty octet
                        case 6 -> parts[i] = parts[i] + "--1";                      // two dashes
                        case 7 -> {
                            return text + "." + (big % 256);                        // five octets
                        }
                        default -> {
                            return text.substring(0, text.lastIndexOf('.'));        // three octets
                        }
                    }
                    return String.join(".", parts);
                });
    }

    @Property(tries = 2000)
    void brokenAddressIsOneCleanLineAndNeverLookedUp(@ForAll("brokenIpv4") String text) {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver counting = name -> {
            lookups.incrementAndGet();
            throw new TargetException("looked up " + name);
        };
        assertThatThrownBy(() -> TargetSet.builder(counting).add(text).build())
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("invalid target ")
                .satisfies(e -> assertClean(e.getMessage()));
        assertThat(lookups).hasValue(0);
    }

    @Provide
    Arbitrary<String> ipv4Alphabet() {
        return Arbitraries.strings().withChars("0123456789.,*-").ofMinLength(1).ofMaxLength(24);
    }

    @Property(tries = 3000)
    void textOfDigitsDotsDashesCommasAndStarsIsNeverAHostname(@ForAll("ipv4Alphabet") String text) {
        try {
            TargetSpec spec = TargetParser.parse(text);
            assertThat(spec).isNotInstanceOf(TargetSpec.Hostname.class);
        } catch (TargetException e) {
            assertClean(e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> printable = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars("0123456789abcdef.:/-,*[]%\u0000\u0007\t\n\r\u001b\u007f\u0085\u2028 é")
                .ofMaxLength(40);
        return Arbitraries.oneOf(printable, nasty, Arbitraries.strings().ofMinLength(290).ofMaxLength(400));
    }

    @Property(tries = 3000)
    void anyTextIsASpecOrOneCleanLineOfTargetException(@ForAll("anyText") String text) {
        try {
            TargetParser.parse(text);
        } catch (TargetException e) {
            assertClean(e.getMessage());
        }
    }

    @Provide
    Arbitrary<List<Gen>> tokenLists() {
        return Arbitraries.oneOf(SpecGenerators.ipv4Spec(),
                        SpecGenerators.ipv6Address().map(t -> new Gen(t, Set.of())),
                        SpecGenerators.hostname().map(t -> new Gen(t, Set.of())))
                .list().ofMinSize(1).ofMaxSize(6);
    }

    /** Specs joined by blanks, new lines or commas (where a comma cannot continue an octet list) split back. */
    @Property(tries = 1000)
    void joinedSpecsSplitBackIntoThemselves(@ForAll("tokenLists") List<Gen> specs, @ForAll long separators) {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        String[] choices = {" ", "\n", "\t", ", ", ",", " ,\r\n"};
        long bits = separators;
        for (Gen g : specs) {
            String t = g.text();
            if (!expected.isEmpty()) {
                String sep = choices[(int) Math.floorMod(bits, choices.length)];
                bits /= choices.length;
                String firstPiece = t.split(",", -1)[0];
                if (sep.equals(",") && firstPiece.indexOf('.') < 0 && Ipv4Patterns.applies(firstPiece)) {
                    sep = " "; // 10.0.0.1,5,10.0.0.9: a bare octet list after a comma continues the pattern
                }
                text.append(sep);
            }
            text.append(t);
            expected.add(t);
        }
        assertThat(TargetTokens.split(text.toString())).containsExactlyElementsOf(expected);
    }

    private static void assertClean(String message) {
        assertThat(message).doesNotContain("\n", "\r");
        assertThat(message.codePoints().noneMatch(Character::isISOControl)).as("no control characters in %s", message).isTrue();
    }
}
