package io.netsweep.store;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the store lives by default, after the XDG base directory specification:
 * {@code $XDG_DATA_HOME/netsweep/netsweep.db} ({@code ~/.local/share/netsweep/netsweep.db}), and the driver's
 * native library under {@code $XDG_CACHE_HOME} ({@code ~/.cache}). Relative XDG values are ignored, as the
 * specification says. Stateless.
 */
public final class StoreLocations {
    private StoreLocations() {}

    /** The default database file, given the environment ({@code System::getenv}). */
    public static Path defaultDatabase(UnaryOperator<String> env) {
        return xdg(env, "XDG_DATA_HOME", ".local/share").resolve("netsweep").resolve("netsweep.db");
    }

    /** The user's cache directory. */
    public static Path cacheHome(UnaryOperator<String> env) {
        return xdg(env, "XDG_CACHE_HOME", ".cache");
    }

    private static Path xdg(UnaryOperator<String> env, String variable, String fallback) {
        String v = env.apply(variable);
        if (v != null && !v.isEmpty() && Path.of(v).isAbsolute()) {
            return Path.of(v);
        }
        String home = env.apply("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home).resolve(fallback);
    }
}
