package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenAI-style {@code GET /v1/models} answer: {@code {"object":"list","data":[{"id":..,"owned_by":..}]}}.
 *
 * @param ids    model ids, at most {@link ServiceIdentity#MAX_MODELS}
 * @param owners lower-case {@code owned_by} values seen (at most {@link #MAX_SCANNED} entries looked at)
 */
record OpenAiModelList(List<String> ids, Set<String> owners) {
    static final String PATH = "/v1/models";
    private static final int MAX_SCANNED = 500;

    OpenAiModelList {
        ids = List.copyOf(ids);
        owners = Set.copyOf(owners);
    }

    static Optional<OpenAiModelList> from(Observations seen) {
        return from(seen, PATH);
    }

    static Optional<OpenAiModelList> from(Observations seen, String path) {
        Optional<JsonNode> json = seen.okJson(path);
        if (json.isEmpty() || !json.get().isObject()) {
            return Optional.empty();
        }
        JsonNode root = json.get();
        JsonNode object = root.get("object");
        if (object != null && !"list".equals(object.asText())) {
            return Optional.empty();
        }
        Optional<JsonNode> data = SafeJson.array(root, "data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        int scanned = 0;
        for (JsonNode model : data.get()) {
            if (++scanned > MAX_SCANNED) {
                break;
            }
            if (!model.isObject() || !model.path("id").isTextual()) {
                return Optional.empty();
            }
            if (ids.size() < ServiceIdentity.MAX_MODELS) {
                SafeJson.text(model, "id").ifPresent(ids::add);
            }
            SafeJson.text(model, "owned_by").ifPresent(o -> owners.add(o.toLowerCase(Locale.ROOT)));
        }
        return Optional.of(new OpenAiModelList(ids, owners));
    }

    boolean ownedBy(String owner) {
        return owners.contains(owner);
    }

    /** An OpenAI-style 401/403 on {@code /v1/models}: {@code {"error":{"message":..}}} or {@code {"error":".."}}. */
    static boolean deniedOpenAiStyle(Observations seen) {
        if (!Auth.denied(seen, PATH)) {
            return false;
        }
        return seen.anyJson(PATH)
                .map(n -> n.path("error").isTextual() || n.path("error").path("message").isTextual())
                .orElse(false);
    }
}
