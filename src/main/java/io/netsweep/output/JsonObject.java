package io.netsweep.output;

import java.util.List;
import java.util.Optional;

/**
 * Builds one JSON object on one line, keys in insertion order. Strings are escaped per RFC 8259,
 * and more: every control character, U+007F-U+009F and U+2028/U+2029 are written as {@code \}{@code uXXXX},
 * and unpaired surrogates become U+FFFD, so the text is valid JSON, valid UTF-8 and a single line
 * whatever the network put into it. Not thread-safe; one builder per object.
 */
final class JsonObject {
    private final StringBuilder sb = new StringBuilder(128).append('{');

    JsonObject string(String key, String value) {
        key(key);
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
        return this;
    }

    JsonObject string(String key, Optional<String> value) {
        return string(key, value.orElse(null));
    }

    /** Lets {@code fields} add what only some events have, in the middle of a chain. */
    JsonObject with(java.util.function.Consumer<JsonObject> fields) {
        fields.accept(this);
        return this;
    }

    JsonObject number(String key, long value) {
        key(key).append(value);
        return this;
    }

    /** {@code decimal} is a JSON number already ({@link Numbers}), or null. */
    JsonObject decimal(String key, Optional<String> decimal) {
        key(key).append(decimal.orElse("null"));
        return this;
    }

    JsonObject strings(String key, List<String> values) {
        key(key).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    JsonObject object(String key, JsonObject value) {
        key(key).append(value.toJson());
        return this;
    }

    /** The object, or {@code null} when absent. */
    JsonObject object(String key, Optional<JsonObject> value) {
        key(key).append(value.map(JsonObject::toJson).orElse("null"));
        return this;
    }

    /** The strings, or {@code null} when absent. */
    JsonObject strings(String key, Optional<List<String>> values) {
        if (values.isPresent()) {
            return strings(key, values.get());
        }
        key(key).append("null");
        return this;
    }

    /** The objects as an array. */
    JsonObject objects(String key, List<JsonObject> values) {
        key(key).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values.get(i).toJson());
        }
        sb.append(']');
        return this;
    }

    /** The boolean, or {@code null} when absent. */
    JsonObject bool(String key, Optional<Boolean> value) {
        key(key).append(value.map(Object::toString).orElse("null"));
        return this;
    }

    JsonObject bool(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    String toJson() {
        return sb + "}";
    }

    @Override
    public String toString() {
        return toJson();
    }

    private StringBuilder key(String key) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(sb, key);
        return sb.append(':');
    }

    static void quote(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
                unicodeEscape(out, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(out, '\uFFFD');
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((c >> shift) & 0xF, 16));
        }
    }
}
