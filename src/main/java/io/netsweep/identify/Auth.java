package io.netsweep.identify;

import java.util.Locale;
import java.util.OptionalInt;

/** Reads the authentication state off the answer to a service's API path. */
final class Auth {
    private Auth() {}

    /**
     * {@link AuthState#NONE} when the API answered 2xx without credentials, {@link AuthState#REQUIRED} on
     * 401, 403 or 407, or a redirect to a login page, {@link AuthState#UNKNOWN} otherwise.
     */
    static AuthState of(Observations observations, String apiPath) {
        return observations.reply(apiPath).map(reply -> {
            if (reply.success()) {
                return AuthState.NONE;
            }
            if (reply.status() == 401 || reply.status() == 403 || reply.status() == 407) {
                return AuthState.REQUIRED;
            }
            if (reply.redirect() && reply.header("location").map(Auth::isLoginPage).orElse(false)) {
                return AuthState.REQUIRED;
            }
            return AuthState.UNKNOWN;
        }).orElse(AuthState.UNKNOWN);
    }

    static boolean denied(Observations observations, String path) {
        OptionalInt status = observations.status(path);
        return status.isPresent() && (status.getAsInt() == 401 || status.getAsInt() == 403);
    }

    static boolean isLoginPage(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.contains("login") || l.contains("signin") || l.contains("sign_in") || l.contains("/auth")
                || l.contains("oauth") || l.contains("sso");
    }
}
