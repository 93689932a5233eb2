package io.netsweep.identify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses untrusted JSON into a tree under tight limits (nesting depth, string, name and number
 * length, document size) and answers shape questions about it. A body that breaks a limit or is not
 * JSON is simply "not JSON". Only trees are built: nothing is bound to classes, nothing is executed.
 * Immutable and thread-safe.
 */
final class SafeJson {
    static final int MAX_DEPTH = 32;
    private static final int MAX_NAME = 256;
    private static final int MAX_NUMBER = 64;

    private final ObjectMapper mapper;

    SafeJson(int maxDocumentBytes) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(maxDocumentBytes)
                .maxNameLength(MAX_NAME)
                .maxNumberLength(MAX_NUMBER)
                .maxDocumentLength(maxDocumentBytes)
                .build();
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(limits).build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    Optional<JsonNode> parse(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A string field of an object, cleaned, if present and non-empty. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Untrusted.field(value.asText()) : Optional.empty();
    }

    /** Whether {@code node} is an object whose only field is the string {@code field}. */
    static boolean onlyTextField(JsonNode node, String field) {
        return node.isObject() && node.size() == 1 && node.path(field).isTextual();
    }

    /** The array field of an object, or empty. */
    static Optional<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isArray() ? Optional.of(value) : Optional.empty();
    }

    /** Cleaned string values of {@code field} in the objects of {@code array}, at most {@code max}. */
    static List<String> names(JsonNode array, String field, int max) {
        List<String> names = new ArrayList<>();
        for (JsonNode element : array) {
            if (names.size() >= max) {
                break;
            }
            text(element, field).ifPresent(names::add);
        }
        return List.copyOf(names);
    }
}
