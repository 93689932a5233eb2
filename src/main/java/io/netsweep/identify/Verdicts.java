package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/** Builds matches with cleaned fields and a uniform evidence line. */
final class Verdicts {
    private Verdicts() {}

    static Match decisive(
            Fingerprint source, Observations seen, String product, Optional<String> version, String category,
            AuthState auth, List<String> models, String evidence) {
        return new Match(source, true, identity(seen, product, version, category, auth, models, evidence));
    }

    static Match compatible(
            Fingerprint source, Observations seen, String product, String category, AuthState auth,
            List<String> models, String evidence) {
        return new Match(source, false, identity(seen, product, Optional.empty(), category, auth, models, evidence));
    }

    private static ServiceIdentity identity(
            Observations seen, String product, Optional<String> version, String category, AuthState auth,
            List<String> models, String evidence) {
        List<String> cleanModels = models.stream()
                .map(Untrusted::clean)
                .filter(m -> !m.isEmpty())
                .distinct()
                .limit(ServiceIdentity.MAX_MODELS)
                .toList();
        String line = (seen.tls() ? "https; " : "") + evidence;
        return new ServiceIdentity(
                product, version.flatMap(Untrusted::version), category, auth, cleanModels, Untrusted.clean(line));
    }
}
