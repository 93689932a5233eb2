package io.netsweep.service;

import io.netsweep.datafile.BlockFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the service catalogue: the files named in {@code catalogue/index.txt} beside this class, in order.
 *
 * <p>Format (docs/service-catalogue.md has the full description), read by {@link BlockFile}: blocks opened by an
 * unindented {@code probe NAME} or {@code match ID} line, each followed by indented {@code key value} lines;
 * {@code #} starts a comment line. Values run to the end of the line, except {@code send}, {@code example} and
 * {@code counter}, which are double-quoted strings with escapes ({@code \r \n \t \0 \\ \" \xHH}), one char
 * per byte, continued by lines whose key is {@code +}.
 *
 * <p>A bad entry (unknown key, missing field, pattern that does not compile, template naming a capture the
 * pattern lacks, reference to an unknown probe, no example) is left out and described in
 * {@link Catalogue#problems()}: a user's scan never fails on the catalogue, and the test suite requires the
 * list to be empty. Whether examples match is checked by the tests, not at load time. Stateless.
 */
final class CatalogueLoader {
    private static final String INDEX = "catalogue/index.txt";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._/-]*");
    private static final Set<String> PROBE_KEYS = Set.of("kind", "send", "path", "exchange", "ports", "order", "until", "note");
    private static final Set<String> MATCH_KEYS = Set.of("probe", "service", "pattern", "soft", "class", "product",
            "version", "info", "cpe", "suggest", "example", "counter", "expect", "note");
    private static final Set<String> EXPECT_FIELDS = Set.of("service", "product", "version", "info", "cpe");
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%:+-]*");

    private CatalogueLoader() {}

    static Catalogue loadBuiltIn() {
        List<Source> sources = new ArrayList<>();
        for (String name : readLines(INDEX)) {
            String file = name.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                sources.add(new Source(file, String.join("\n", readLines("catalogue/" + file))));
            }
        }
        return load(sources);
    }

    /** One catalogue file's name (for messages) and text. */
    record Source(String name, String text) {}

    /** Loads the given files in order as one catalogue. */
    static Catalogue load(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (Source source : sources) {
            blocks.addAll(parse(source, problems));
        }
        Map<String, ProbeSpec> probes = new LinkedHashMap<>();
        for (Block block : blocks) {
            if (block.type.equals("probe")) {
                probe(block, problems).ifPresent(p -> {
                    if (probes.putIfAbsent(p.name(), p) != null) {
                        problems.add(block.where + ": probe " + p.name() + " is defined twice");
                    }
                });
            }
        }
        for (String required : List.of(ProbeSpec.BANNER, ProbeSpec.TLS)) {
            if (!probes.containsKey(required)) {
                problems.add("the catalogue defines no probe '" + required + "'");
            }
        }
        List<MatchRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Block block : blocks) {
            if (block.type.equals("match")) {
                rule(block, probes, problems).ifPresent(r -> {
                    if (!ids.add(r.id())) {
                        problems.add(block.where + ": match " + r.id() + " is defined twice");
                    } else {
                        rules.add(r);
                    }
                });
            }
        }
        return new Catalogue(List.copyOf(probes.values()), rules, problems);
    }

    private static final BlockFile.Format FORMAT = new BlockFile.Format(Set.of("probe", "match"), NAME,
            "'probe NAME' or 'match ID' (lower-case letters, digits, . + -)", "a probe or match");

    /** A block of the file, its keys as {@link Entry}s. */
    private static final class Block {
        final String type;
        final String name;
        final String where;
        final List<Entry> entries;

        Block(BlockFile.Block b) {
            this.type = b.keyword();
            this.name = b.name();
            this.where = b.where();
            this.entries = b.lines().stream().map(l -> new Entry(l.key(), l.value(), l.where())).toList();
        }
    }

    private record Entry(String key, String value, String where) {}

    private static List<Block> parse(Source source, List<String> problems) {
        BlockFile.Result read = BlockFile.read(source.name(), source.text(), FORMAT);
        problems.addAll(read.problems());
        return read.blocks().stream().map(Block::new).toList();
    }

    private static Optional<ProbeSpec> probe(Block block, List<String> problems) {
        int before = problems.size();
        String kind = null;
        byte[] send = null;
        String path = null;
        String exchange = null;
        Set<Integer> ports = new LinkedHashSet<>();
        OptionalInt order = OptionalInt.empty();
        boolean line = true;
        for (Entry e : block.entries) {
            switch (e.key) {
                case "kind" -> kind = e.value;
                case "send" -> send = quoted(e, problems);
                case "path" -> path = e.value;
                case "exchange" -> exchange = e.value;
                case "ports" -> ports.addAll(ports(e, problems));
                case "order" -> order = integer(e, problems);
                case "until" -> {
                    if (e.value.equals("line") || e.value.equals("pause")) {
                        line = e.value.equals("line");
                    } else {
                        problems.add(e.where + ": until must be 'line' or 'pause'");
                    }
                }
                case "note" -> { }
                default -> problems.add(e.where + ": unknown key '" + e.key + "' in a probe (known: " + PROBE_KEYS + ")");
            }
        }
        ProbeSpec.Kind k = null;
        try {
            k = kind == null ? null : ProbeSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            problems.add(block.where + ": unknown kind '" + kind + "'");
        }
        if (kind == null) {
            problems.add(block.where + ": probe " + block.name + " has no kind");
        }
        if (k == ProbeSpec.Kind.SEND && (send == null || send.length == 0)) {
            problems.add(block.where + ": a send probe needs a non-empty 'send'");
        }
        if (k == ProbeSpec.Kind.HTTP && (path == null || !HTTP_PATH.matcher(path).matches())) {
            problems.add(block.where + ": an http probe needs a 'path' such as /version");
        }
        if (k == ProbeSpec.Kind.UDP && (send == null) == (exchange == null)) {
            problems.add(block.where + ": a udp probe needs either 'send' or 'exchange'");
        } else if (k == ProbeSpec.Kind.UDP && exchange != null && UdpExchanges.named(exchange).isEmpty()) {
            problems.add(block.where + ": unknown coded udp exchange '" + exchange + "' (known: " + UdpExchanges.names() + ")");
        } else if (k == ProbeSpec.Kind.UDP && ports.isEmpty()) {
            problems.add(block.where + ": a udp probe needs its 'ports' (UDP probes have no fallback order)");
        }
        if (k == ProbeSpec.Kind.EXCHANGE && (exchange == null || CodedExchanges.named(exchange).isEmpty())) {
            problems.add(block.where + ": unknown coded exchange '" + exchange + "' (known: " + CodedExchanges.names() + ")");
        }
        if (k == ProbeSpec.Kind.BANNER && !block.name.equals(ProbeSpec.BANNER)
                || k == ProbeSpec.Kind.TLS && !block.name.equals(ProbeSpec.TLS)) {
            problems.add(block.where + ": only the probe named '" + k.name().toLowerCase(Locale.ROOT) + "' may be of that kind");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec(block.name, k, send, path, exchange, ports, order, line));
    }

    private static Optional<MatchRule> rule(Block block, Map<String, ProbeSpec> probes, List<String> problems) {
        int before = problems.size();
        List<String> probeNames = new ArrayList<>();
        String service = null;
        Pattern pattern = null;
        boolean soft = false;
        MatchRule.Role role = MatchRule.Role.APPLICATION;
        Optional<Template> product = Optional.empty();
        Optional<Template> version = Optional.empty();
        List<Template> info = new ArrayList<>();
        List<MatchRule.CpeTemplate> cpes = new ArrayList<>();
        List<String> suggest = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        byte[] exampleBytes = null;
        boolean exampleCounter = false;
        String exampleWhere = null;
        Map<String, String> expect = new LinkedHashMap<>();
        for (Entry e : block.entries) {
            switch (e.key) {
                case "probe" -> probeNames.addAll(List.of(e.value.split("[\\s,]+")));
                case "service" -> service = e.value;
                case "pattern" -> {
                    try {
                        pattern = Pattern.compile(e.value);
                    } catch (PatternSyntaxException ex) {
                        problems.add(e.where + ": pattern does not compile: " + ex.getDescription());
                    }
                }
                case "soft" -> soft = bool(e, problems);
                case "class" -> {
                    switch (e.value) {
                        case "application" -> role = MatchRule.Role.APPLICATION;
                        case "server" -> role = MatchRule.Role.SERVER;
                        default -> problems.add(e.where + ": class must be 'application' or 'server'");
                    }
                }
                case "product" -> product = template(e, problems);
                case "version" -> version = template(e, problems);
                case "info" -> template(e, problems).ifPresent(info::add);
                case "cpe" -> cpe(e, problems).ifPresent(cpes::add);
                case "suggest" -> suggest.addAll(List.of(e.value.split("[\\s,]+")));
                case "example", "counter" -> {
                    if (exampleBytes != null) {
                        examples.add(new Example(exampleBytes, expect, exampleCounter, exampleWhere));
                    }
                    exampleBytes = quoted(e, problems);
                    if (exampleBytes == null) {
                        exampleBytes = new byte[0];
                    }
                    exampleCounter = e.key.equals("counter");
                    exampleWhere = e.where;
                    expect = new LinkedHashMap<>();
                }
                case "expect" -> {
                    String[] fv = e.value.split("\\s+", 2);
                    if (exampleBytes == null || exampleCounter) {
                        problems.add(e.where + ": 'expect' must follow an 'example'");
                    } else if (!EXPECT_FIELDS.contains(fv[0]) || fv.length < 2) {
                        problems.add(e.where + ": expect FIELD VALUE, FIELD one of " + EXPECT_FIELDS);
                    } else {
                        expect.put(fv[0], fv[1]);
                    }
                }
                case "note" -> { }
                default -> problems.add(e.where + ": unknown key '" + e.key + "' in a match (known: " + MATCH_KEYS + ")");
            }
        }
        if (exampleBytes != null) {
            examples.add(new Example(exampleBytes, expect, exampleCounter, exampleWhere));
        }
        if (probeNames.isEmpty()) {
            problems.add(block.where + ": match " + block.name + " names no probe");
        }
        for (String p : probeNames) {
            if (!p.equals(MatchRule.ANY_PROBE) && !probes.containsKey(p)) {
                problems.add(block.where + ": match " + block.name + " reads unknown probe '" + p + "'");
            }
        }
        for (String s : suggest) {
            if (!probes.containsKey(s)) {
                problems.add(block.where + ": match " + block.name + " suggests unknown probe '" + s + "'");
            }
        }
        if (service == null || !SERVICE.matcher(service).matches()) {
            problems.add(block.where + ": match " + block.name + " needs a lower-case 'service' name");
        }
        if (pattern == null && problems.size() == before) {
            problems.add(block.where + ": match " + block.name + " has no pattern");
        }
        if (!soft && product.isEmpty()) {
            problems.add(block.where + ": match " + block.name + " names no product: give one or mark it 'soft yes'");
        }
        if (examples.stream().noneMatch(x -> !x.counter())) {
            problems.add(block.where + ": match " + block.name + " has no example");
        }
        if (version.isPresent() && examples.stream().anyMatch(x -> !x.counter() && !x.expect().containsKey("version"))) {
            problems.add(block.where + ": every example of " + block.name + " must state 'expect version' (or -)");
        }
        if (pattern != null) {
            Set<String> groups = pattern.namedGroups().keySet();
            List<Template> templates = new ArrayList<>(info);
            product.ifPresent(templates::add);
            version.ifPresent(templates::add);
            cpes.forEach(c -> c.version().ifPresent(templates::add));
            for (Template t : templates) {
                for (String g : t.groups()) {
                    if (!groups.contains(g)) {
                        problems.add(block.where + ": match " + block.name + " refers to ${" + g
                                + "}, which its pattern does not capture");
                    }
                }
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new MatchRule(block.name, probeNames, service, pattern, soft, role, product, version,
                info, cpes, suggest, examples, block.where));
    }

    private static Optional<Template> template(Entry e, List<String> problems) {
        try {
            return Optional.of(Template.parse(e.value));
        } catch (IllegalArgumentException ex) {
            problems.add(e.where + ": " + ex.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<MatchRule.CpeTemplate> cpe(Entry e, List<String> problems) {
        String[] parts = e.value.split(":", 4);
        if (parts.length < 3 || !Set.of("a", "o", "h").contains(parts[0]) || parts[1].isBlank() || parts[2].isBlank()) {
            problems.add(e.where + ": cpe must be PART:VENDOR:PRODUCT[:VERSION] with PART a, o or h");
            return Optional.empty();
        }
        Optional<Template> version = Optional.empty();
        if (parts.length == 4 && !parts[3].isBlank()) {
            version = template(new Entry(e.key, parts[3], e.where), problems);
        }
        return Optional.of(new MatchRule.CpeTemplate(parts[0], parts[1], parts[2], version));
    }

    private static boolean bool(Entry e, List<String> problems) {
        return switch (e.value) {
            case "yes" -> true;
            case "no" -> false;
            default -> {
                problems.add(e.where + ": expected yes or no");
                yield false;
            }
        };
    }

    private static OptionalInt integer(Entry e, List<String> problems) {
        try {
            return OptionalInt.of(Integer.parseInt(e.value));
        } catch (NumberFormatException ex) {
            problems.add(e.where + ": expected a number");
            return OptionalInt.empty();
        }
    }

    private static List<Integer> ports(Entry e, List<String> problems) {
        List<Integer> ports = new ArrayList<>();
        for (String token : e.value.split("[\\s,]+")) {
            try {
                int p = Integer.parseInt(token);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(p);
            } catch (NumberFormatException ex) {
                problems.add(e.where + ": not a port: " + token);
            }
        }
        return ports;
    }

    /**
     * A value made of double-quoted strings (joined), each char one byte: escapes {@code \r \n \t \0 \\ \"
     * \xHH}; anything outside ISO-8859-1 is an error.
     */
    static byte[] quoted(Entry e, List<String> problems) {
        try {
            return unquote(e.value);
        } catch (IllegalArgumentException ex) {
            problems.add(e.where + ": " + ex.getMessage());
            return null;
        }
    }

    static byte[] unquote(String value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        boolean any = false;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '"') {
                throw new IllegalArgumentException("expected a double-quoted string at column " + (i + 1));
            }
            any = true;
            i++;
            boolean closed = false;
            while (i < value.length()) {
                char d = value.charAt(i++);
                if (d == '"') {
                    closed = true;
                    break;
                }
                if (d != '\\') {
                    if (d > 0xff) {
                        throw new IllegalArgumentException("character outside ISO-8859-1; write bytes as \\xHH");
                    }
                    out.write(d);
                    continue;
                }
                if (i >= value.length()) {
                    throw new IllegalArgumentException("dangling backslash");
                }
                char x = value.charAt(i++);
                switch (x) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '0' -> out.write(0);
                    case '\\' -> out.write('\\');
                    case '"' -> out.write('"');
                    case 'x' -> {
                        if (i + 2 > value.length()) {
                            throw new IllegalArgumentException("\\x needs two hex digits");
                        }
                        out.write(Integer.parseInt(value.substring(i, i + 2), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + x);
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("unterminated string");
            }
        }
        if (!any) {
            throw new IllegalArgumentException("expected a double-quoted string");
        }
        return out.toByteArray();
    }

    private static List<String> readLines(String resource) {
        InputStream in = CatalogueLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource + " beside " + CatalogueLoader.class);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
