package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * Streamlit: its page names Streamlit, {@code /_stcore/health} answers {@code ok} and
 * {@code /_stcore/host-config} answers {@code {"allowedOrigins":[..],"useExternalAuthToken":..}}.
 * Streamlit has no authentication of its own. It states its version to no GET: {@code host-config} holds
 * only origins and flags, {@code health} says {@code ok}, the page is the same static bundle for every version;
 * the version travels only in the {@code NewSession} message of the {@code _stcore/stream} WebSocket
 * ({@code environment_info.streamlit_version}, lib/streamlit/runtime/app_session.py), which identification does
 * not open. So no advisory can name a Streamlit port.
 */
final class StreamlitFingerprint implements Fingerprint {
    static final String HEALTH = "/_stcore/health";
    static final String HOST_CONFIG = "/_stcore/host-config";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("streamlit") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(HEALTH, HOST_CONFIG);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        boolean healthy = seen.okText(HEALTH).map(String::strip).filter("ok"::equals).isPresent();
        boolean hostConfig = seen.okJson(HOST_CONFIG)
                .map(n -> n.path("allowedOrigins").isArray() || n.has("useExternalAuthToken")).orElse(false);
        if (!seen.root().mentions("streamlit") || !healthy || !hostConfig) {
            return Optional.empty();
        }
        return Optional.of(Verdicts.decisive(this, seen, "Streamlit", Optional.empty(), Categories.ML_UI,
                Auth.of(seen, HOST_CONFIG), List.of(), "GET " + HEALTH + " ok; " + HOST_CONFIG + " allowedOrigins"));
    }
}
