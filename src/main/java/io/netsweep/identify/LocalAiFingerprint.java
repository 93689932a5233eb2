package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * LocalAI: its welcome page (HTML, or JSON for API clients) names LocalAI, and {@code /version}
 * answers {@code {"version":"v2.20.1 (commit)"}}; models from the OpenAI {@code /v1/models}.
 */
final class LocalAiFingerprint implements Fingerprint {
    static final String VERSION = "/version";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("localai") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(VERSION, OpenAiModelList.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!seen.root().mentions("localai")) {
            return Optional.empty();
        }
        Optional<String> version = seen.okJson(VERSION)
                .filter(n -> SafeJson.onlyTextField(n, "version"))
                .flatMap(n -> SafeJson.text(n, "version"));
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        if (version.isEmpty() && list.isEmpty()) {
            return Optional.empty();
        }
        String apiPath = seen.fetched(OpenAiModelList.PATH) ? OpenAiModelList.PATH : VERSION;
        return Optional.of(Verdicts.decisive(this, seen, "LocalAI", version, Categories.LLM_SERVER,
                Auth.of(seen, apiPath), list.map(OpenAiModelList::ids).orElse(List.of()),
                "GET / names LocalAI" + version.map(v -> "; " + VERSION + " " + v).orElse("")
                        + list.map(l -> "; /v1/models " + l.ids().size() + " models").orElse("")));
    }
}
