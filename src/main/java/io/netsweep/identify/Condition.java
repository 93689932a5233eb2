package io.netsweep.identify;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test on the answer to one GET path, as a product catalogue entry states it ({@code PATH status 401 403},
 * {@code PATH body REGEX}, {@code PATH json POINTER [REGEX]}, {@code PATH header NAME REGEX}). A path never
 * fetched, or fetched without an answer, fails every test. The same syntax extracts a value: the regular
 * expression's group {@code v} if it has one, else the JSON value or header value that was tested.
 * Immutable and thread-safe.
 */
sealed interface Condition {
    /** The group a regular expression names to extract a value from what it matched. */
    String VALUE_GROUP = "v";

    String path();

    /** Whether the answer to {@link #path()} passes the test. */
    boolean holds(Observations seen);

    /** The value the test picked out, when it holds. */
    Optional<String> extract(Observations seen);

    /** A short human-readable account of what held, for the evidence line. */
    String describe(Observations seen);

    /** The status code is one of {@code codes}; {@code any2xx} accepts every success. */
    record Status(String path, Set<Integer> codes, boolean any2xx) implements Condition {
        public Status {
            codes = Set.copyOf(codes);
        }

        @Override
        public boolean holds(Observations seen) {
            return seen.reply(path).map(r -> codes.contains(r.status()) || (any2xx && r.success())).orElse(false);
        }

        @Override
        public Optional<String> extract(Observations seen) {
            return Optional.empty();
        }

        @Override
        public String describe(Observations seen) {
            return "GET " + path + " " + seen.status(path).orElse(0);
        }
    }

    /** The body (of any status) contains a match of {@code pattern}. */
    record Body(String path, Pattern pattern) implements Condition {
        @Override
        public boolean holds(Observations seen) {
            return seen.memo(this, () -> seen.reply(path).map(r -> pattern.matcher(r.body()).find()).orElse(false));
        }

        @Override
        public Optional<String> extract(Observations seen) {
            return seen.reply(path).flatMap(r -> group(pattern.matcher(r.body())));
        }

        @Override
        public String describe(Observations seen) {
            return "GET " + path + " matches " + Untrusted.clean(pattern.pattern(), 48);
        }
    }

    /**
     * The JSON body (of any status) has a value at {@code pointer} (RFC 6901); with a pattern, a scalar whose text
     * contains a match.
     */
    record Json(String path, JsonPointer pointer, Optional<Pattern> pattern) implements Condition {
        @Override
        public boolean holds(Observations seen) {
            return seen.memo(this, () -> node(seen).map(n -> pattern.isEmpty()
                    || (n.isValueNode() && pattern.get().matcher(n.asText()).find())).orElse(false));
        }

        @Override
        public Optional<String> extract(Observations seen) {
            Optional<JsonNode> node = node(seen).filter(JsonNode::isValueNode);
            if (node.isEmpty()) {
                return Optional.empty();
            }
            String text = node.get().asText();
            return pattern.isEmpty() ? Untrusted.field(text) : group(pattern.get().matcher(text)).or(() ->
                    pattern.get().matcher(text).find() ? Untrusted.field(text) : Optional.empty());
        }

        @Override
        public String describe(Observations seen) {
            String value = node(seen).filter(JsonNode::isValueNode).map(n -> "=" + Untrusted.clean(n.asText(), 40))
                    .orElse("");
            return "GET " + path + " " + pointer + value;
        }

        private Optional<JsonNode> node(Observations seen) {
            return seen.anyJson(path).map(n -> n.at(pointer)).filter(n -> !n.isMissingNode() && !n.isNull());
        }
    }

    /** A response header (name in lower case) contains a match of {@code pattern}. */
    record Header(String path, String name, Pattern pattern) implements Condition {
        @Override
        public boolean holds(Observations seen) {
            return value(seen).map(v -> pattern.matcher(v).find()).orElse(false);
        }

        @Override
        public Optional<String> extract(Observations seen) {
            return value(seen).flatMap(v -> group(pattern.matcher(v)).or(() ->
                    pattern.matcher(v).find() ? Untrusted.field(v) : Optional.empty()));
        }

        @Override
        public String describe(Observations seen) {
            return "GET " + path + " " + name + ": " + value(seen).map(v -> Untrusted.clean(v, 40)).orElse("");
        }

        private Optional<String> value(Observations seen) {
            return seen.reply(path).flatMap(r -> r.header(name));
        }
    }

    /** Group {@code v} of the first match, if the pattern has it and it matched. */
    private static Optional<String> group(Matcher matcher) {
        if (!matcher.pattern().namedGroups().containsKey(VALUE_GROUP) || !matcher.find()) {
            return Optional.empty();
        }
        String value = matcher.group(VALUE_GROUP);
        return value == null ? Optional.empty() : Untrusted.field(value);
    }
}
