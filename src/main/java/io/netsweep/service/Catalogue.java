package io.netsweep.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded service catalogue: probes and match entries in file order, and the problems found while
 * loading (entries with problems are left out; the test suite requires none). Immutable and thread-safe.
 * See docs/service-catalogue.md for the format and {@link CatalogueLoader} for loading it.
 */
record Catalogue(List<ProbeSpec> probes, List<MatchRule> rules, List<String> problems) {
    Catalogue {
        probes = List.copyOf(probes);
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }

    /** The catalogue shipped with netsweep. */
    static Catalogue builtIn() {
        return CatalogueLoader.loadBuiltIn();
    }

    Optional<ProbeSpec> probe(String name) {
        return probes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether {@code port} is among the hints of probe {@code name}. */
    boolean hinted(String name, int port) {
        return probe(name).map(p -> p.ports().contains(port)).orElse(false);
    }

    /**
     * The entries to try on an answer to {@code probe}: its own, then, when the answer was read raw (or could
     * not be parsed as what the probe expected), the banner entries and the {@code *} entries, since a
     * service may greet whatever it is sent.
     */
    List<MatchRule> rulesFor(String probe, boolean raw) {
        List<MatchRule> own = new ArrayList<>();
        List<MatchRule> fallback = new ArrayList<>();
        for (MatchRule rule : rules) {
            if (rule.probes().contains(probe)) {
                own.add(rule);
            } else if (raw && (rule.probes().contains(ProbeSpec.BANNER) || rule.probes().contains(MatchRule.ANY_PROBE))) {
                fallback.add(rule);
            }
        }
        own.addAll(fallback);
        return own;
    }

    /**
     * Every entry that matches {@code answer}, the bytes {@code probe} got back, in catalogue order: an HTTP
     * answer is read as parsed HTTP, a coded exchange's as its decoded lines, anything else (and whatever
     * could not be parsed or decoded) raw, one char per byte, where banner entries read it too.
     */
    List<Found> read(ProbeSpec probe, byte[] answer) {
        return read(probe, answer, Optional.empty());
    }

    /**
     * The entries {@code answer} matches, a coded UDP exchange's decoded lines followed by {@code followUp}'s (the
     * decoded lines of its second answer, see {@link UdpExchange#followUp}).
     */
    List<Found> read(ProbeSpec probe, byte[] answer, Optional<String> followUp) {
        Optional<String> structured = switch (probe.kind()) {
            case HTTP -> HttpAnswer.parse(answer).map(HttpAnswer::text);
            case EXCHANGE -> CodedExchanges.named(probe.exchange()).flatMap(c -> c.decode(answer));
            case UDP -> probe.exchange().isEmpty() ? Optional.empty()
                    : UdpExchanges.named(probe.exchange()).flatMap(c -> c.decode(answer));
            case BANNER, TLS, SEND -> Optional.empty();
        };
        if (structured.isPresent() && followUp.isPresent()) {
            structured = Optional.of(structured.get() + followUp.get());
        }
        String text = structured.orElseGet(() -> new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1));
        List<Found> found = new ArrayList<>();
        // A UDP answer is read by its probe's own entries only: greetings and the other fallbacks are TCP's.
        boolean fallbacks = structured.isEmpty() && probe.kind() != ProbeSpec.Kind.UDP;
        for (MatchRule rule : rulesFor(probe.name(), fallbacks)) {
            rule.apply(probe.name(), text).ifPresent(found::add);
        }
        return found;
    }

    /** The UDP probes hinted for UDP port {@code port}, in catalogue order (UDP has no fallbacks). */
    List<ProbeSpec> udpPlanFor(int port) {
        return probes.stream().filter(p -> p.kind() == ProbeSpec.Kind.UDP && p.ports().contains(port)).toList();
    }

    /** TCP probes hinted for {@code port}, in catalogue order, then the fallbacks by rank. */
    List<ProbeSpec> planFor(int port) {
        Map<String, ProbeSpec> plan = new LinkedHashMap<>();
        for (ProbeSpec p : probes) {
            if (p.kind() != ProbeSpec.Kind.UDP && p.ports().contains(port)) {
                plan.put(p.name(), p);
            }
        }
        probes.stream().filter(p -> p.order().isPresent())
                .sorted(Comparator.comparingInt(p -> p.order().getAsInt()))
                .forEach(p -> plan.putIfAbsent(p.name(), p));
        return List.copyOf(plan.values());
    }
}
