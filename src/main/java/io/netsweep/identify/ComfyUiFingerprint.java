package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ComfyUI: {@code /system_stats} answers {@code {"system":{"comfyui_version":..,..},"devices":[..]}};
 * {@code /models/checkpoints} lists checkpoint files.
 */
final class ComfyUiFingerprint implements Fingerprint {
    static final String STATS = "/system_stats";
    static final String CHECKPOINTS = "/models/checkpoints";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("comfyui") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(STATS, CHECKPOINTS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> stats = seen.okJson(STATS)
                .filter(n -> n.path("system").isObject() && n.path("devices").isArray());
        if (stats.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = SafeJson.text(stats.get().path("system"), "comfyui_version");
        List<String> checkpoints = new ArrayList<>();
        seen.okJson(CHECKPOINTS).filter(JsonNode::isArray).ifPresent(files -> {
            for (JsonNode file : files) {
                if (checkpoints.size() >= ServiceIdentity.MAX_MODELS) {
                    break;
                }
                if (file.isTextual()) {
                    Untrusted.field(file.asText()).ifPresent(checkpoints::add);
                }
            }
        });
        return Optional.of(Verdicts.decisive(this, seen, "ComfyUI", version, Categories.ML_UI,
                Auth.of(seen, STATS), checkpoints, "GET " + STATS + " has system and devices"));
    }
}
