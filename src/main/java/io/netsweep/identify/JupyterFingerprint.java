package io.netsweep.identify;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Jupyter Server, Notebook and Lab: {@code /} redirects to {@code /tree}, {@code /lab} or a login page,
 * and {@code /api} answers {@code {"version":..}} without credentials (the server's version: 1.x-2.x
 * for Jupyter Server, 4.x-6.x for the classic Notebook server). {@code /api/status} answers 403 when a
 * token or password is required.
 */
final class JupyterFingerprint implements Fingerprint {
    static final String API = "/api";
    static final String STATUS = "/api/status";

    @Override
    public int interest(Observations seen) {
        return hinted(seen) ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(API, STATUS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!hinted(seen)) {
            return Optional.empty();
        }
        Optional<String> version = seen.okJson(API)
                .filter(n -> SafeJson.onlyTextField(n, "version"))
                .flatMap(n -> SafeJson.text(n, "version"));
        if (version.isEmpty()) {
            return Optional.empty();
        }
        AuthState auth = Auth.of(seen, STATUS);
        if (auth == AuthState.UNKNOWN && seen.root().location().map(Auth::isLoginPage).orElse(false)) {
            auth = AuthState.REQUIRED;
        }
        String product = major(version.get()) >= 4 ? "Jupyter Notebook" : "Jupyter Server";
        String from = seen.root().location().map(l -> "GET / redirects to " + Untrusted.clean(l, 40))
                .orElse("GET / names Jupyter");
        return Optional.of(Verdicts.decisive(this, seen, product, version, Categories.NOTEBOOK, auth, List.of(),
                from + "; " + API + " {version}; " + STATUS + " " + seen.status(STATUS).orElse(0)));
    }

    private static boolean hinted(Observations seen) {
        Root root = seen.root();
        if (root.kind() == Root.Kind.REDIRECT) {
            String location = root.location().orElse("").toLowerCase(Locale.ROOT);
            return location.matches("(https?://[^/]*)?/(tree|lab|login|hub|notebooks|user)([/?#].*)?");
        }
        return root.mentions("jupyter");
    }

    private static int major(String version) {
        int end = 0;
        while (end < version.length() && end < 4 && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
