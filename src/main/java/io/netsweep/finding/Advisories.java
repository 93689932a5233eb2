package io.netsweep.finding;

import io.netsweep.datafile.BlockFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The known-vulnerability data shipped with netsweep ({@code advisories.txt} beside this class, read by
 * {@link BlockFile}): blocks that start with an unindented {@code advisory ID} line, their fields on indented {@code key value} lines
 * ({@code product}, {@code affected} (repeatable), {@code cve} (repeatable), {@code severity}, {@code title},
 * {@code source}, {@code checked}); {@code #} starts a comment. An entry's ranges are all release numbers or all
 * build numbers ({@link Version.Scheme}). An entry with a missing or malformed field is
 * left out and listed in {@link #problems()}, which the build's test keeps empty. Immutable and thread-safe.
 */
public final class Advisories {
    static final String RESOURCE = "advisories.txt";
    private static final Set<String> SINGLE = Set.of("product", "severity", "title", "source", "checked");
    private static final Set<String> REPEATED = Set.of("affected", "cve");
    private static final BlockFile.Format FORMAT = new BlockFile.Format(Set.of("advisory"), Pattern.compile("\\S+"),
            "'advisory ID'", "an advisory");

    private final List<Advisory> entries;
    private final List<String> problems;

    private Advisories(List<Advisory> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** The data shipped with netsweep. */
    public static Advisories builtIn() {
        try (InputStream in = Advisories.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new Advisories(List.of(), List.of(RESOURCE + " is missing"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Advisories(List.of(), List.of("cannot read " + RESOURCE + ": " + e.getMessage()));
        }
    }

    static Advisories parse(String text) {
        List<Advisory> entries = new ArrayList<>();
        BlockFile.Result read = BlockFile.read(RESOURCE, text, FORMAT);
        List<String> problems = new ArrayList<>(read.problems());
        Set<String> ids = new HashSet<>();
        for (BlockFile.Block block : read.blocks()) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (BlockFile.Line l : block.lines()) {
                fields.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l.value());
            }
            build(block.name(), block.lineNumber(), fields, ids).ifPresent(entries::add);
            problems.addAll(check(block.name(), block.lineNumber(), fields, ids));
        }
        return new Advisories(entries, problems);
    }

    private static List<String> check(String id, int line, Map<String, List<String>> f, Set<String> seen) {
        List<String> problems = new ArrayList<>();
        String where = "advisory " + id + " (line " + line + "): ";
        if (!Finding.isAdvisoryId(id)) {
            problems.add(where + "the id is not a CVE or GHSA identifier");
        }
        for (String key : f.keySet()) {
            if (!SINGLE.contains(key) && !REPEATED.contains(key)) {
                problems.add(where + "unknown key " + key);
            }
        }
        for (String key : SINGLE) {
            List<String> v = f.getOrDefault(key, List.of());
            if (v.size() != 1 || v.getFirst().isEmpty()) {
                problems.add(where + "needs exactly one " + key);
            }
        }
        List<String> ranges = f.getOrDefault("affected", List.of());
        if (ranges.isEmpty()) {
            problems.add(where + "needs an affected range");
        }
        for (String r : ranges) {
            if (VersionRange.parse(r).isEmpty()) {
                problems.add(where + "unreadable range '" + r + "'");
            }
        }
        if (ranges.stream().flatMap(r -> VersionRange.parse(r).stream()).map(VersionRange::scheme).distinct().count() > 1) {
            problems.add(where + "ranges of two version schemes (release numbers and builds)");
        }
        for (String c : f.getOrDefault("cve", List.of())) {
            if (!Finding.isAdvisoryId(c)) {
                problems.add(where + "not a CVE or GHSA identifier: " + c);
            }
        }
        first(f, "severity").filter(s -> Severity.of(s).isEmpty())
                .ifPresent(s -> problems.add(where + "unknown severity " + s));
        first(f, "source").filter(s -> uri(s).isEmpty())
                .ifPresent(s -> problems.add(where + "source is not an https URL: " + s));
        first(f, "checked").filter(s -> date(s).isEmpty())
                .ifPresent(s -> problems.add(where + "checked is not a date (YYYY-MM-DD): " + s));
        if (!seen.add(id)) {
            problems.add(where + "listed twice");
        }
        return problems;
    }

    private static Optional<Advisory> build(String id, int line, Map<String, List<String>> f, Set<String> seen) {
        if (!check(id, line, f, new HashSet<>(seen)).isEmpty()) {
            return Optional.empty();
        }
        List<VersionRange> ranges = f.get("affected").stream().map(r -> VersionRange.parse(r).orElseThrow()).toList();
        return Optional.of(new Advisory(id, first(f, "product").orElseThrow(), ranges, f.getOrDefault("cve", List.of()),
                Severity.of(first(f, "severity").orElseThrow()).orElseThrow(), first(f, "title").orElseThrow(),
                uri(first(f, "source").orElseThrow()).orElseThrow(), date(first(f, "checked").orElseThrow()).orElseThrow()));
    }

    private static Optional<String> first(Map<String, List<String>> f, String key) {
        List<String> v = f.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    private static Optional<URI> uri(String s) {
        try {
            URI u = new URI(s);
            return "https".equals(u.getScheme()) && u.getHost() != null ? Optional.of(u) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String s) {
        try {
            return Optional.of(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public List<Advisory> entries() {
        return entries;
    }

    /** Entries left out, one line each (empty for the shipped data: a test keeps it so). */
    public List<String> problems() {
        return problems;
    }

    /** The advisories that name {@code product} at {@code version}. */
    public List<Advisory> affecting(String product, String version) {
        return entries.stream().filter(a -> a.affects(product, version)).toList();
    }
}
