package io.netsweep.identify;

import com.fasterxml.jackson.core.JsonPointer;
import io.netsweep.datafile.BlockFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the AI/ML product catalogue, through {@link BlockFile}. Blocks open with an unindented {@code product ID}
 * line; indented {@code key value} lines follow; {@code #} starts a comment line. Keys: {@code name}, {@code category},
 * {@code source} (required), {@code family yes}, {@code ports}, {@code blind N}, {@code note}, and the
 * conditions {@code hint}, {@code named} (a hint and a requirement at once), {@code require}, {@code either},
 * {@code unless}, {@code version}, {@code auth-required}, {@code auth-none}, with {@code auth PATH} and
 * {@code lists NOUN PATH POINTER FIELD}. A condition is {@code PATH status CODE...} ({@code 2xx} for any
 * success), {@code PATH body REGEX}, {@code PATH json POINTER [REGEX]} or {@code PATH header NAME REGEX}.
 *
 * <p>A bad entry (unknown key, missing field, bad path, pattern or pointer, no evidence, an id used twice) is
 * left out and described in {@link ProductCatalogue#problems()}: a scan never fails on the catalogue. Stateless.
 */
final class ProductCatalogueLoader {
    private static final String INDEX = "products/index.txt";
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%:+,-]*");
    private static final Pattern CONDITION = Pattern.compile("(\\S+)\\s+(status|body|json|header)(?:\\s+(.*))?");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern NOUN = Pattern.compile("[a-z][a-z-]*");
    private static final Pattern HEADER = Pattern.compile("[a-z0-9-]+");
    private static final int MAX_BLIND = Fingerprint.LIKELY + 20;

    private ProductCatalogueLoader() {}

    /** One catalogue file's name (for messages) and text. */
    record Source(String name, String text) {}

    static ProductCatalogue loadBuiltIn() {
        List<Source> sources = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                sources.add(new Source(file, read("products/" + file)));
            }
        }
        return load(sources);
    }

    static ProductCatalogue load(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        List<ProductEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Source source : sources) {
            for (Block block : blocks(source, problems)) {
                entry(block, problems).ifPresent(e -> {
                    if (ids.add(e.id())) {
                        entries.add(e);
                    } else {
                        problems.add(block.where + ": product " + e.id() + " is defined twice");
                    }
                });
            }
        }
        return new ProductCatalogue(entries, problems);
    }

    private static final BlockFile.Format FORMAT = new BlockFile.Format(Set.of("product"), ProductEntry.ID,
            "'product ID' (lower-case letters, digits, . + -)", "a product");

    private record Line(String key, String value, String where) {}

    private record Block(String id, String where, List<Line> lines) {}

    private static List<Block> blocks(Source source, List<String> problems) {
        BlockFile.Result read = BlockFile.read(source.name(), source.text(), FORMAT);
        problems.addAll(read.problems());
        return read.blocks().stream().map(b -> new Block(b.name(), b.where(),
                b.lines().stream().map(l -> new Line(l.key(), l.value(), l.where())).toList())).toList();
    }

    private static Optional<ProductEntry> entry(Block block, List<String> problems) {
        int before = problems.size();
        String name = null;
        String category = null;
        String source = null;
        boolean family = false;
        Set<Integer> ports = new LinkedHashSet<>();
        OptionalInt blind = OptionalInt.empty();
        List<Condition> hints = new ArrayList<>();
        List<Condition> requires = new ArrayList<>();
        List<Condition> eithers = new ArrayList<>();
        List<Condition> unless = new ArrayList<>();
        List<Condition> versions = new ArrayList<>();
        List<Listing> listings = new ArrayList<>();
        List<Condition> authRequired = new ArrayList<>();
        List<Condition> authNone = new ArrayList<>();
        List<String> authPaths = new ArrayList<>();
        for (Line line : block.lines()) {
            switch (line.key()) {
                case "name" -> name = nonEmpty(line, problems);
                case "category" -> category = matching(line, CATEGORY, problems);
                case "source" -> source = nonEmpty(line, problems);
                case "note" -> { }
                case "family" -> family = yes(line, problems);
                case "ports" -> ports.addAll(ports(line, problems));
                case "blind" -> blind = blind(line, problems);
                case "hint" -> condition(line, problems).ifPresent(hints::add);
                case "named" -> condition(line, problems).ifPresent(c -> {
                    hints.add(c);
                    requires.add(c);
                });
                case "require" -> condition(line, problems).ifPresent(requires::add);
                case "either" -> condition(line, problems).ifPresent(eithers::add);
                case "unless" -> condition(line, problems).ifPresent(unless::add);
                case "version" -> condition(line, problems).ifPresent(c -> {
                    if (c instanceof Condition.Status
                            || c instanceof Condition.Body b && !b.pattern().namedGroups().containsKey(Condition.VALUE_GROUP)) {
                        problems.add(line.where() + ": a version is read from json, a header, or a body pattern with (?<v>...)");
                    } else {
                        versions.add(c);
                    }
                });
                case "auth" -> {
                    if (PATH.matcher(line.value()).matches()) {
                        authPaths.add(line.value());
                    } else {
                        problems.add(line.where() + ": auth takes one path");
                    }
                }
                case "auth-required" -> condition(line, problems).ifPresent(authRequired::add);
                case "auth-none" -> condition(line, problems).ifPresent(authNone::add);
                case "lists" -> listing(line, problems).ifPresent(listings::add);
                default -> problems.add(line.where() + ": unknown key '" + line.key() + "'");
            }
        }
        if (name == null || category == null || source == null) {
            problems.add(block.where() + ": product " + block.id() + " needs a name, a category and a source");
        }
        if (requires.isEmpty() && eithers.isEmpty()) {
            problems.add(block.where() + ": product " + block.id() + " has no evidence (require, named or either)");
        }
        if (blind.isPresent() && ports.isEmpty()) {
            problems.add(block.where() + ": product " + block.id() + " is probed blind but has no ports");
        }
        if (family && !versions.isEmpty()) {
            problems.add(block.where() + ": a family has no version");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProductEntry(block.id(), name, category, family, ports, blind, source, hints, requires,
                eithers, unless, versions, listings, new AuthRule(authRequired, authNone, authPaths)));
    }

    static Optional<Condition> parseCondition(String text) {
        return condition(new Line("condition", text, "condition"), new ArrayList<>());
    }

    private static Optional<Condition> condition(Line line, List<String> problems) {
        Matcher m = CONDITION.matcher(line.value());
        if (!m.matches()) {
            problems.add(line.where() + ": expected 'PATH status|body|json|header ...', got: " + line.value());
            return Optional.empty();
        }
        String path = m.group(1);
        String rest = m.group(3) == null ? "" : m.group(3).strip();
        if (!PATH.matcher(path).matches()) {
            problems.add(line.where() + ": not a path: " + path);
            return Optional.empty();
        }
        try {
            return switch (m.group(2)) {
                case "status" -> status(path, rest, line, problems);
                case "body" -> rest.isEmpty() ? missing(line, problems, "a pattern")
                        : Optional.of(new Condition.Body(path, Pattern.compile(rest)));
                case "json" -> {
                    String[] parts = rest.split("\\s+", 2);
                    if (rest.isEmpty() || !parts[0].startsWith("/")) {
                        yield missing(line, problems, "a JSON pointer such as /version");
                    }
                    yield Optional.of(new Condition.Json(path, JsonPointer.compile(parts[0]),
                            parts.length > 1 ? Optional.of(Pattern.compile(parts[1])) : Optional.empty()));
                }
                case "header" -> {
                    String[] parts = rest.split("\\s+", 2);
                    if (parts.length < 2 || !HEADER.matcher(parts[0]).matches()) {
                        yield missing(line, problems, "a lower-case header name and a pattern");
                    }
                    yield Optional.of(new Condition.Header(path, parts[0], Pattern.compile(parts[1])));
                }
                default -> throw new IllegalStateException(m.group(2));
            };
        } catch (IllegalArgumentException e) {
            problems.add(line.where() + ": " + e.getMessage().lines().findFirst().orElse("bad pattern or pointer"));
            return Optional.empty();
        }
    }

    private static Optional<Condition> status(String path, String rest, Line line, List<String> problems) {
        Set<Integer> codes = new HashSet<>();
        boolean any2xx = false;
        for (String token : rest.split("\\s+")) {
            if (token.equals("2xx")) {
                any2xx = true;
            } else if (token.matches("[1-5][0-9][0-9]")) {
                codes.add(Integer.parseInt(token));
            } else {
                return missing(line, problems, "status codes such as 200 401 or 2xx");
            }
        }
        return Optional.of(new Condition.Status(path, codes, any2xx));
    }

    private static Optional<Listing> listing(Line line, List<String> problems) {
        String[] parts = line.value().split("\\s+", 4);
        if (parts.length == 4 && NOUN.matcher(parts[0]).matches() && PATH.matcher(parts[1]).matches()
                && parts[2].equals("body")) {
            try {
                Pattern regex = Pattern.compile(parts[3]);
                if (!regex.namedGroups().containsKey(Condition.VALUE_GROUP)) {
                    problems.add(line.where() + ": a body listing's pattern needs a group (?<v>...)");
                    return Optional.empty();
                }
                return Optional.of(new Listing(parts[0], parts[1], Optional.empty(), Listing.ELEMENT, Optional.of(regex)));
            } catch (PatternSyntaxException e) {
                problems.add(line.where() + ": " + e.getMessage().lines().findFirst().orElse("bad pattern"));
                return Optional.empty();
            }
        }
        if (parts.length != 4 || !NOUN.matcher(parts[0]).matches() || !PATH.matcher(parts[1]).matches()
                || !parts[2].startsWith("/") || parts[3].contains(" ")) {
            problems.add(line.where() + ": expected 'lists NOUN PATH POINTER FIELD' (POINTER / for the whole body)"
                    + " or 'lists NOUN PATH body REGEX'");
            return Optional.empty();
        }
        try {
            JsonPointer pointer = JsonPointer.compile(parts[2].equals("/") ? "" : parts[2]);
            if (parts[3].startsWith("/")) {
                JsonPointer.compile(parts[3]);
            }
            return Optional.of(new Listing(parts[0], parts[1], Optional.of(pointer), parts[3], Optional.empty()));
        } catch (IllegalArgumentException e) {
            problems.add(line.where() + ": bad JSON pointer in " + line.value());
            return Optional.empty();
        }
    }

    private static <T> Optional<T> missing(Line line, List<String> problems, String what) {
        problems.add(line.where() + ": '" + line.key() + "' needs " + what);
        return Optional.empty();
    }

    private static String nonEmpty(Line line, List<String> problems) {
        if (line.value().isEmpty()) {
            problems.add(line.where() + ": empty " + line.key());
            return null;
        }
        return line.value();
    }

    private static String matching(Line line, Pattern pattern, List<String> problems) {
        if (!pattern.matcher(line.value()).matches()) {
            problems.add(line.where() + ": bad " + line.key() + " '" + line.value() + "'");
            return null;
        }
        return line.value();
    }

    private static boolean yes(Line line, List<String> problems) {
        if (!line.value().equals("yes")) {
            problems.add(line.where() + ": " + line.key() + " takes 'yes'");
        }
        return true;
    }

    private static List<Integer> ports(Line line, List<String> problems) {
        List<Integer> ports = new ArrayList<>();
        for (String token : line.value().split("\\s+")) {
            if (token.matches("[0-9]{1,5}") && Integer.parseInt(token) >= 1 && Integer.parseInt(token) <= 65535) {
                ports.add(Integer.parseInt(token));
            } else {
                problems.add(line.where() + ": bad port '" + token + "'");
            }
        }
        return ports;
    }

    private static OptionalInt blind(Line line, List<String> problems) {
        if (line.value().matches("[0-9]{1,3}") && Integer.parseInt(line.value()) >= 1
                && Integer.parseInt(line.value()) <= MAX_BLIND) {
            return OptionalInt.of(Integer.parseInt(line.value()));
        }
        problems.add(line.where() + ": blind takes an interest from 1 to " + MAX_BLIND);
        return OptionalInt.empty();
    }

    private static String read(String resource) {
        InputStream in = ProductCatalogueLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return String.join("\n", reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
