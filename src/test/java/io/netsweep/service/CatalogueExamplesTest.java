package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue tests itself: it loads without a problem, and every entry matches each of its examples with
 * the expected fields, wins over every other entry that reads the same answer, and stays off its counter
 * examples.
 */
class CatalogueExamplesTest {
    private static final Catalogue CATALOGUE = Catalogue.builtIn();

    @Test
    void builtInCatalogueLoadsWithoutProblems() {
        assertThat(CATALOGUE.problems()).isEmpty();
        assertThat(CATALOGUE.rules()).hasSizeGreaterThan(60);
        assertThat(CATALOGUE.probes()).extracting(ProbeSpec::name).contains(ProbeSpec.BANNER, ProbeSpec.TLS, "http");
    }

    @Test
    void everyEntryHasAnExampleAndEveryProbeIsUsed() {
        for (MatchRule rule : CATALOGUE.rules()) {
            assertThat(rule.examples()).as("%s", rule).anyMatch(e -> !e.counter());
        }
        for (ProbeSpec probe : CATALOGUE.probes()) {
            boolean read = CATALOGUE.rules().stream().anyMatch(r -> r.probes().contains(probe.name()));
            assertThat(read || probe.kind() == ProbeSpec.Kind.TLS).as("some entry reads %s", probe).isTrue();
        }
    }

    @Test
    void catalogueNamesAtLeastFortyProducts() {
        long products = CATALOGUE.rules().stream()
                .filter(r -> !r.soft())
                .map(r -> r.product().map(Template::toString).orElse(""))
                .filter(p -> !p.isEmpty())
                .distinct()
                .count();
        assertThat(products).isGreaterThanOrEqualTo(40);
    }

    static Stream<Arguments> examples() {
        return CATALOGUE.rules().stream().flatMap(rule -> rule.examples().stream()
                .map(example -> Arguments.of(rule.id() + " " + example, rule, example)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void entryReadsItsExample(String name, MatchRule rule, Example example) {
        ProbeSpec probe = probeOf(rule);
        List<Found> all = CATALOGUE.read(probe, example.answer());
        Optional<Found> mine = all.stream().filter(f -> f.rule() == rule).findFirst();
        if (example.counter()) {
            assertThat(mine).as("%s must not match its counter example", rule).isEmpty();
            return;
        }
        assertThat(mine).as("%s must match its example; matched instead: %s", rule,
                all.stream().map(f -> f.rule().id()).toList()).isPresent();
        Found found = mine.get();
        // No other entry shadows it: it is what gets reported for this answer (a soft entry: among the soft ones).
        List<Found> rivals = rule.soft() ? all.stream().filter(f -> !f.hard()).toList() : all;
        assertThat(Found.best(rivals)).as("the entry reported for this answer").map(f -> f.rule().id())
                .contains(rule.id());
        Map<String, String> expect = example.expect();
        expectField(expect, "service", Optional.of(rule.service()));
        expectField(expect, "product", found.product());
        expectField(expect, "version", found.version());
        expectField(expect, "info", found.info());
        if (expect.containsKey("cpe")) {
            assertThat(found.cpes()).as("cpe").contains(expect.get("cpe"));
        }
        if (!expect.containsKey("product") && rule.product().isPresent() && rule.product().get().groups().isEmpty()) {
            assertThat(found.product()).as("product").contains(rule.product().get().toString());
        }
        assertThat(found.cpes()).allSatisfy(c -> assertThat(c).startsWith("cpe:2.3:").matches(
                "cpe:2\\.3:[aoh](?::(?:[A-Za-z0-9._-]|\\\\[^A-Za-z0-9])+|:\\*)+"));
    }

    private static void expectField(Map<String, String> expect, String field, Optional<String> actual) {
        if (!expect.containsKey(field)) {
            return;
        }
        String wanted = expect.get(field);
        if (wanted.equals(Example.ABSENT)) {
            assertThat(actual).as(field).isEmpty();
        } else {
            assertThat(actual).as(field).contains(wanted);
        }
    }

    /** The probe an entry's examples answer: its first named probe, or a banner for {@code *} entries. */
    static ProbeSpec probeOf(MatchRule rule) {
        String name = rule.probes().getFirst();
        return CATALOGUE.probe(name.equals(MatchRule.ANY_PROBE) ? ProbeSpec.BANNER : name).orElseThrow();
    }
}
