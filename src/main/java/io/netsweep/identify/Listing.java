package io.netsweep.identify;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a product lists what it serves without credentials (models, collections, indexes, notebooks,
 * pipelines, ...), read from a 2xx answer to {@code path}: either the JSON at {@code pointer} (an array whose
 * elements give their {@code field}: a member name, a pointer starting with {@code /}, {@code .} for the
 * element itself; an object whose keys are the names with {@code *key}; a single value with {@code .}), or the
 * distinct values of group {@code v} of {@code pattern} in a text body (metrics labels). Immutable.
 *
 * @param noun what the names are, for the evidence line ({@code models}, {@code collections}, ...)
 */
record Listing(String noun, String path, Optional<JsonPointer> pointer, String field, Optional<Pattern> pattern) {
    static final String ELEMENT = ".";
    static final String KEYS = "*key";
    private static final int MAX_SCANNED = 500;

    Listing {
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(pattern, "pattern");
        if (pointer.isPresent() == pattern.isPresent()) {
            throw new IllegalArgumentException("a listing reads either JSON or a pattern");
        }
    }

    /** The names listed (at most {@link ServiceIdentity#MAX_MODELS}) and how many there were, if it is a listing. */
    Optional<Names> read(Observations seen) {
        return pattern.isPresent() ? readText(seen, pattern.get()) : readJson(seen, pointer.orElseThrow());
    }

    private Optional<Names> readText(Observations seen, Pattern regex) {
        Optional<String> body = seen.okText(path);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Set<String> distinct = new LinkedHashSet<>();
        Matcher m = regex.matcher(body.get());
        int scanned = 0;
        while (m.find() && scanned++ < MAX_SCANNED) {
            Optional.ofNullable(m.group(Condition.VALUE_GROUP)).flatMap(Untrusted::field).ifPresent(distinct::add);
        }
        if (distinct.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Names(distinct.stream().limit(ServiceIdentity.MAX_MODELS).toList(), distinct.size()));
    }

    private Optional<Names> readJson(Observations seen, JsonPointer at) {
        Optional<JsonNode> json = seen.okJson(path).map(n -> n.at(at));
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JsonNode container = json.get();
        if (container.isValueNode() && field.equals(ELEMENT)) {
            return Untrusted.field(container.asText()).map(name -> new Names(List.of(name), 1));
        }
        if (!(container.isArray() || (field.equals(KEYS) && container.isObject()))) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        int count = 0;
        Iterator<String> keys = container.fieldNames();
        Iterator<JsonNode> elements = container.elements();
        while ((field.equals(KEYS) ? keys.hasNext() : elements.hasNext()) && count < MAX_SCANNED) {
            Optional<String> name;
            if (field.equals(KEYS)) {
                name = Untrusted.field(keys.next());
            } else {
                JsonNode element = elements.next();
                JsonNode value = field.equals(ELEMENT) ? element
                        : field.startsWith("/") ? element.at(field) : element.path(field);
                name = value.isValueNode() ? Untrusted.field(value.asText()) : Optional.empty();
            }
            count++;
            if (name.isPresent() && names.size() < ServiceIdentity.MAX_MODELS) {
                names.add(name.get());
            }
        }
        return Optional.of(new Names(List.copyOf(names), count));
    }

    /** What one listing held: up to {@link ServiceIdentity#MAX_MODELS} names, of {@code count} entries seen. */
    record Names(List<String> names, int count) {}
}
