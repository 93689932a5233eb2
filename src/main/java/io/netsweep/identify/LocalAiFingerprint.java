package io.netsweep.identify;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LocalAI: its welcome page (HTML, or JSON for API clients) names LocalAI, and {@code /version}
 * answers {@code {"version":"v2.20.1 (commit)"}}; models from the OpenAI {@code /v1/models}. The version is the
 * release ({@code v2.20.1}) without the commit, so that advisories' ranges can be compared with it; the
 * evidence keeps the whole answer.
 */
final class LocalAiFingerprint implements Fingerprint {
    static final String VERSION = "/version";
    /** A release followed by the commit it was built from, the form of LocalAI's {@code /version} answer. */
    private static final Pattern RELEASE_AND_COMMIT = Pattern.compile("(v?\\d[\\w.+-]*)\\s+\\([0-9a-fA-F]{7,40}\\)");

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
        Optional<String> stated = seen.okJson(VERSION)
                .filter(n -> SafeJson.onlyTextField(n, "version"))
                .flatMap(n -> SafeJson.text(n, "version"));
        Optional<String> version = stated.map(LocalAiFingerprint::release);
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        if (version.isEmpty() && list.isEmpty()) {
            return Optional.empty();
        }
        String apiPath = seen.fetched(OpenAiModelList.PATH) ? OpenAiModelList.PATH : VERSION;
        return Optional.of(Verdicts.decisive(this, seen, "LocalAI", version, Categories.LLM_SERVER,
                Auth.of(seen, apiPath), list.map(OpenAiModelList::ids).orElse(List.of()),
                "GET / names LocalAI" + stated.map(v -> "; " + VERSION + " " + v).orElse("")
                        + list.map(l -> "; /v1/models " + l.ids().size() + " models").orElse("")));
    }

    /** The release part of {@code v2.26.0 (09941c0...)}; any other form as stated. */
    static String release(String stated) {
        Matcher m = RELEASE_AND_COMMIT.matcher(stated.strip());
        return m.matches() ? m.group(1) : stated;
    }
}
