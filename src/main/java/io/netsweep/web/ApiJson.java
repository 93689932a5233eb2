package io.netsweep.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * JSON in and out of the API, with Jackson set up strictly: unknown fields, wrong types, numbers in
 * strings, fractions for integers, data after the object, deep nesting and long strings are all refused, each
 * with a one-line message for a person. Thread-safe (the mapper is configured once, then only used).
 */
final class ApiJson {
    private final ObjectMapper mapper;

    ApiJson() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(4).maxStringLength(16 * 1024).maxNumberLength(12).maxDocumentLength(64 * 1024)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Boolean, LogicalType.Textual}) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, t == LogicalType.Textual ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    /** The wire shape of {@link ScanForm}: every field optional, missing means default. */
    private record FormBody(String targets, String exclude, String preset, String ports, Integer timeoutMs,
                            Integer concurrency, Boolean reverseDns, Boolean identify) {}

    /**
     * Parses a scan form.
     *
     * @throws HttpProblem 400 with a message naming the problem; never the parser's own text
     */
    ScanForm parseForm(byte[] body) throws HttpProblem {
        if (body.length == 0) {
            throw new HttpProblem(400, "empty request body: expected a JSON object");
        }
        FormBody f;
        try (JsonParser parser = mapper.createParser(body)) {
            f = mapper.readValue(parser, FormBody.class);
            if (parser.nextToken() != null) {
                throw new HttpProblem(400, "unexpected data after the JSON object");
            }
        } catch (UnrecognizedPropertyException e) {
            throw new HttpProblem(400, "unknown field '" + Http.oneLine(e.getPropertyName(), 40) + "'");
        } catch (StreamConstraintsException e) {
            throw new HttpProblem(400, "request too large or too deeply nested");
        } catch (MismatchedInputException e) {
            throw new HttpProblem(400, e.getPath().isEmpty() ? "expected a JSON object"
                    : "field '" + field(e) + "' has the wrong type");
        } catch (JacksonException e) {
            throw new HttpProblem(400, "malformed JSON");
        } catch (java.io.IOException e) {
            throw new HttpProblem(400, "unreadable request body");
        }
        if (f == null) {
            throw new HttpProblem(400, "expected a JSON object");
        }
        if (f.targets() == null || f.targets().isBlank()) {
            throw new HttpProblem(400, "targets: enter at least one address, range or network");
        }
        try {
            return new ScanForm(f.targets(), f.exclude(), f.preset(), f.ports(), optional(f.timeoutMs()),
                    optional(f.concurrency()), f.reverseDns() == null || f.reverseDns(),
                    f.identify() != null && f.identify());
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, e.getMessage());
        }
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    String error(String message) {
        return object().put("error", message).toString();
    }

    private static OptionalInt optional(Integer i) {
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .map(name -> Http.oneLine(name, 40)).collect(Collectors.joining("."));
    }
}
