package io.netsweep.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * vLLM's OpenAI server: {@code /v1/models} entries are {@code "owned_by":"vllm"}; with an API key set,
 * {@code /metrics} (not behind the key) still exposes {@code vllm:} metrics. Version from {@code /version}.
 */
final class VllmFingerprint implements Fingerprint {
    static final String VERSION = "/version";
    static final String METRICS = "/metrics";
    private static final Pattern VLLM_METRIC = Pattern.compile("(?m)^(# (HELP|TYPE) )?vllm:[a-z_]+");

    @Override
    public int interest(Observations seen) {
        if (seen.statusIs(OpenAiModelList.PATH, 404)) {
            return 0;
        }
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        if (list.isPresent()) {
            return list.get().ownedBy("vllm") ? NAMED : 5;
        }
        Root root = seen.root();
        boolean fastApi = root.kind() == Root.Kind.FASTAPI_NOT_FOUND;
        int interest = fastApi ? (Auth.denied(seen, OpenAiModelList.PATH) ? 55 : 45) : 20;
        return interest + (root.mentions("uvicorn") ? 5 : 0) + (seen.port() == 8000 ? 10 : 0);
    }

    @Override
    public List<String> wanted(Observations seen) {
        List<String> paths = new ArrayList<>(List.of(OpenAiModelList.PATH, VERSION));
        if (!OpenAiModelList.from(seen).map(l -> l.ownedBy("vllm")).orElse(false)) {
            paths.add(METRICS);
        }
        return paths;
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        boolean owned = list.map(l -> l.ownedBy("vllm")).orElse(false);
        boolean metrics = seen.okText(METRICS).map(t -> VLLM_METRIC.matcher(t).find()).orElse(false);
        if (!owned && !metrics) {
            return Optional.empty();
        }
        Optional<String> version = seen.okJson(VERSION).flatMap(n -> SafeJson.text(n, "version"));
        String evidence = (owned ? "GET /v1/models owned_by vllm" : "GET /metrics has vllm: metrics")
                + version.map(v -> "; " + VERSION + " " + v).orElse("");
        return Optional.of(Verdicts.decisive(this, seen, "vLLM", version, Categories.LLM_SERVER,
                Auth.of(seen, OpenAiModelList.PATH), list.map(OpenAiModelList::ids).orElse(List.of()), evidence));
    }
}
