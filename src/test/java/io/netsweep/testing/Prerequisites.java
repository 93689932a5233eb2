package io.netsweep.testing;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * What a test needs from its machine (root, a tool, a Debian package), checked in one place.
 *
 * <p>On a developer's machine a missing prerequisite aborts the calling test through JUnit's
 * assumptions: reported as skipped (or, from {@code @BeforeAll}, as tests not run), with the reason.
 * In CI ({@code NETSWEEP_STRICT_TESTS=1}, set by {@code .ci/run}, which installs everything) it fails
 * the test instead, so a missing install step can never hide a test behind a skip.
 *
 * <p>Stateless; the environment variable is read on each call. Thread-safe.
 */
public final class Prerequisites {
    /** The environment variable that turns skips into failures. */
    public static final String STRICT_ENV = "NETSWEEP_STRICT_TESTS";

    private Prerequisites() {
    }

    /** True where a missing prerequisite must fail rather than skip. */
    public static boolean strict() {
        return strict(System.getenv());
    }

    static boolean strict(Map<String, String> env) {
        return "1".equals(env.get(STRICT_ENV));
    }

    /** True when this process runs as root (its real user id is 0): namespaces, raw sockets. */
    public static boolean root() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[1].equals("0")).orElse(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Continues when {@code met}; otherwise skips (or, strict, fails) with {@code reason}. */
    public static void require(boolean met, String reason) {
        require(met, reason, System.getenv());
    }

    static void require(boolean met, String reason, Map<String, String> env) {
        if (!met) {
            missing(reason, env);
        }
    }

    /** Skips (or, strict, fails) the calling test: a prerequisite is missing. Never returns normally. */
    public static void missing(String reason) {
        missing(reason, System.getenv());
    }

    static void missing(String reason, Map<String, String> env) {
        if (strict(env)) {
            throw new AssertionFailedError("missing test prerequisite (" + STRICT_ENV + "=1 makes this a failure): "
                    + reason);
        }
        Assumptions.abort(reason);
    }
}
