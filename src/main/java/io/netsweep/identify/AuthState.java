package io.netsweep.identify;

import java.util.Locale;

/** Whether an identified service answered its API without credentials. */
public enum AuthState {
    /** The API answered without credentials: anyone on the network can use it. */
    NONE,
    /** The API asked for credentials (401/403 or a login redirect). */
    REQUIRED,
    /** The probes could not tell. */
    UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
