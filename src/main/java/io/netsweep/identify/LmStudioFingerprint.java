package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * LM Studio: every unknown path, {@code /} included, answers 200 with
 * {@code {"error":"Unexpected endpoint or method. (GET /)"}}; its own {@code /api/v0/models} describes
 * models with {@code publisher}, {@code arch}, {@code compatibility_type} and {@code state}.
 */
final class LmStudioFingerprint implements Fingerprint {
    static final String NATIVE_MODELS = "/api/v0/models";
    private static final String UNKNOWN_ROUTE = "unexpected endpoint or method";

    @Override
    public int interest(Observations seen) {
        if (seen.root().mentions(UNKNOWN_ROUTE)) {
            return NAMED;
        }
        return OpenAiModelList.from(seen).map(l -> l.ownedBy("organization_owner")).orElse(false) ? 90 : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(NATIVE_MODELS, OpenAiModelList.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<OpenAiModelList> nativeList = OpenAiModelList.from(seen, NATIVE_MODELS).filter(l -> nativeShape(seen));
        Optional<OpenAiModelList> openAiList = OpenAiModelList.from(seen);
        boolean banner = seen.root().mentions(UNKNOWN_ROUTE);
        if (nativeList.isEmpty() && !(banner && openAiList.isPresent())) {
            return Optional.empty();
        }
        List<String> models = nativeList.or(() -> openAiList).map(OpenAiModelList::ids).orElse(List.of());
        String evidence = nativeList.isPresent()
                ? "GET " + NATIVE_MODELS + " has LM Studio's model fields"
                : "GET / 'Unexpected endpoint or method'; /v1/models lists models";
        String apiPath = nativeList.isPresent() ? NATIVE_MODELS : OpenAiModelList.PATH;
        return Optional.of(Verdicts.decisive(this, seen, "LM Studio", Optional.empty(), Categories.LLM_SERVER,
                Auth.of(seen, apiPath), models, evidence));
    }

    private static boolean nativeShape(Observations seen) {
        JsonNode data = seen.okJson(NATIVE_MODELS).map(n -> n.path("data")).orElseThrow();
        if (data.isEmpty()) {
            return false;
        }
        for (JsonNode model : data) {
            boolean lmStudio = model.path("compatibility_type").isTextual()
                    || (model.path("publisher").isTextual() && model.path("arch").isTextual());
            if (!lmStudio) {
                return false;
            }
        }
        return true;
    }
}
