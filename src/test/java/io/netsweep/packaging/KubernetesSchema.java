package io.netsweep.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates Kubernetes objects against the Kubernetes API's own schema (the OpenAPI definitions of the kinds
 * deploy/k8s uses, vendored by deploy/gen-k8s-schema), as strictly as {@code kubectl apply --validate=strict}: a
 * field the schema does not name, a value of the wrong type and a missing required field are each an error. Objects
 * the schema leaves open (maps, and free-form objects such as {@code FieldsV1}) take any content, as the API does.
 * A null value counts as an absent field, as in the API.
 *
 * <p>Immutable once loaded; thread-safe.
 */
final class KubernetesSchema {
    private static final String RESOURCE = "kubernetes-openapi.json";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private final JsonNode definitions;

    private KubernetesSchema(JsonNode definitions) {
        this.definitions = definitions;
    }

    /** The vendored schema, from the test's resources. */
    static KubernetesSchema load() {
        try (InputStream in = KubernetesSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new KubernetesSchema(new ObjectMapper().readTree(in).path("definitions"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kinds this schema knows, as {@code apiVersion kind} ({@code batch/v1 Job}). */
    List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        for (JsonNode definition : definitions) {
            for (JsonNode gvk : definition.path("x-kubernetes-group-version-kind")) {
                kinds.add(apiVersion(gvk) + " " + gvk.path("kind").asText());
            }
        }
        return kinds;
    }

    /** Every error in {@code object} (one Kubernetes object), each as {@code path: what}; empty when valid. */
    List<String> validate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        Optional<JsonNode> schema = definitionOf(apiVersion, kind);
        if (schema.isEmpty()) {
            errors.add("(root): no kind " + kind + " in " + apiVersion + " that this schema knows");
            return errors;
        }
        check(object, schema.get(), "", errors);
        return errors;
    }

    private Optional<JsonNode> definitionOf(String apiVersion, String kind) {
        for (JsonNode definition : definitions) {
            for (JsonNode gvk : definition.path("x-kubernetes-group-version-kind")) {
                if (apiVersion(gvk).equals(apiVersion) && gvk.path("kind").asText().equals(kind)) {
                    return Optional.of(definition);
                }
            }
        }
        return Optional.empty();
    }

    private static String apiVersion(JsonNode gvk) {
        String group = gvk.path("group").asText();
        return (group.isEmpty() ? "" : group + "/") + gvk.path("version").asText();
    }

    private void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (value == null || value.isNull()) {
            return;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replaceFirst("^#/definitions/", "");
            JsonNode target = definitions.get(name);
            if (target == null) {
                errors.add(at(path) + ": the schema names " + name + ", which it does not define");
                return;
            }
            if (name.equals(QUANTITY)) { // a quantity is written as a string or a plain number: 2, 0.5, "500m"
                if (!value.isTextual() && !value.isNumber()) {
                    errors.add(at(path) + ": expected a quantity (string or number), got " + type(value));
                }
                return;
            }
            check(value, target, path, errors);
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> checkObject(value, schema, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at(path) + ": expected an array, got " + type(value));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                boolean intOrString = schema.path("format").asText().equals("int-or-string");
                if (!value.isTextual() && !(intOrString && value.isIntegralNumber())) {
                    errors.add(at(path) + ": expected " + (intOrString ? "an integer or a string" : "a string")
                            + ", got " + type(value));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(at(path) + ": expected an integer, got " + type(value));
                } else if (schema.path("format").asText().equals("int32") && !value.canConvertToInt()) {
                    errors.add(at(path) + ": out of range for int32: " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(at(path) + ": expected a number, got " + type(value));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(at(path) + ": expected a boolean, got " + type(value));
                }
            }
            default -> {
                // No type: the API takes any value here.
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(at(path) + ": expected an object, got " + type(value));
            return;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), fieldPath, errors);
            } else if (additional != null && additional.isObject()) {
                check(field.getValue(), additional, fieldPath, errors);
            } else if (properties != null || (additional != null && !additional.asBoolean(true))) {
                errors.add(fieldPath + ": unknown field \"" + field.getKey() + "\"");
            }
        }
        for (JsonNode required : schema.path("required")) {
            JsonNode present = value.get(required.asText());
            if (present == null || present.isNull()) {
                errors.add(at(path) + ": missing required field \"" + required.asText() + "\"");
            }
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "the string \"" + value.asText() + "\"";
            case NUMBER -> "the number " + value;
            case BOOLEAN -> "the boolean " + value;
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
