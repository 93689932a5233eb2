package io.netsweep.identify;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Something that answers OpenAI's {@code GET /v1/models} (or refuses it with an OpenAI-style error)
 * without evidence of which product it is: LiteLLM and other proxies, most local servers.
 */
final class OpenAiCompatibleFingerprint implements Fingerprint {
    static final String PRODUCT = "openai-compatible (unknown product)";

    @Override
    public int interest(Observations seen) {
        return 50;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(OpenAiModelList.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        if (list.isPresent()) {
            OpenAiModelList models = list.get();
            String owners = models.owners().isEmpty() ? "" : ", owned_by " + String.join("/",
                    new TreeSet<>(models.owners()).stream().limit(3).toList());
            return Optional.of(Verdicts.compatible(this, seen, PRODUCT, Categories.LLM_SERVER, AuthState.NONE,
                    models.ids(), "GET /v1/models lists " + models.ids().size() + " models OpenAI-style" + owners));
        }
        if (OpenAiModelList.deniedOpenAiStyle(seen)) {
            return Optional.of(Verdicts.compatible(this, seen, PRODUCT, Categories.LLM_SERVER, AuthState.REQUIRED,
                    List.of(), "GET /v1/models refused with an OpenAI-style error"));
        }
        return Optional.empty();
    }
}
