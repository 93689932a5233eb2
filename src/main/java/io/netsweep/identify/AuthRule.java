package io.netsweep.identify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a catalogue entry reads its auth state: {@code required} conditions first (a flag such as
 * {@code "auth_required":true}), then {@code none} conditions, then the answers to {@code paths} as
 * {@link Auth#of} reads them (2xx: none; 401, 403, 407 or a login redirect: required), the first that tells.
 * Immutable.
 */
record AuthRule(List<Condition> required, List<Condition> none, List<String> apiPaths) {
    AuthRule {
        required = List.copyOf(required);
        none = List.copyOf(none);
        apiPaths = List.copyOf(apiPaths);
    }

    AuthState of(Observations seen) {
        if (required.stream().anyMatch(c -> c.holds(seen))) {
            return AuthState.REQUIRED;
        }
        if (none.stream().anyMatch(c -> c.holds(seen))) {
            return AuthState.NONE;
        }
        for (String path : apiPaths) {
            AuthState state = Auth.of(seen, path);
            if (state != AuthState.UNKNOWN) {
                return state;
            }
        }
        return AuthState.UNKNOWN;
    }

    /** Every path the rule reads. */
    Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>(apiPaths);
        required.forEach(c -> paths.add(c.path()));
        none.forEach(c -> paths.add(c.path()));
        return paths;
    }
}
