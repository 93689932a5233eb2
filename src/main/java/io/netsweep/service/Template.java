package io.netsweep.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A catalogue field template: literal text with {@code ${group}} references to a pattern's named
 * captures ({@code $$} is a literal dollar). Rendering fails, so the field is left out, when a referenced
 * capture did not take part in the match or captured nothing. Immutable.
 */
final class Template {
    private sealed interface Part permits Literal, Group {}

    private record Literal(String text) implements Part {}

    private record Group(String name) implements Part {}

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code source}.
     *
     * @throws IllegalArgumentException on an unclosed or empty {@code ${}} or a lone {@code $}
     */
    static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c != '$') {
                literal.append(c);
                continue;
            }
            if (i + 1 < source.length() && source.charAt(i + 1) == '$') {
                literal.append('$');
                i++;
                continue;
            }
            int end = source.indexOf('}', i);
            if (i + 1 >= source.length() || source.charAt(i + 1) != '{' || end < 0 || end == i + 2) {
                throw new IllegalArgumentException("bad ${name} reference at column " + (i + 1) + " of: " + source);
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Group(source.substring(i + 2, end)));
            i = end;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, parts);
    }

    /** The names of the captures this template refers to. */
    Set<String> groups() {
        return parts.stream().filter(p -> p instanceof Group).map(p -> ((Group) p).name())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The text with every reference filled in, or empty if one of them captured nothing. */
    Optional<String> render(Matcher match) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Group g -> {
                    String value = match.group(g.name());
                    if (value == null || value.isEmpty()) {
                        return Optional.empty();
                    }
                    out.append(value);
                }
            }
        }
        return Optional.of(out.toString());
    }

    @Override
    public String toString() {
        return source;
    }
}
