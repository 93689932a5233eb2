package io.netsweep.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test's prerequisite (root, an installed daemon): skipped with the reason where it is missing, a failure
 * with {@code NETSWEEP_STRICT_TESTS=1} (as .ci/run sets it), so CI cannot lose these tests silently.
 */
final class Prerequisite {
    static final boolean STRICT = "1".equals(System.getenv("NETSWEEP_STRICT_TESTS"));

    private Prerequisite() {}

    static void require(boolean met, String reason) {
        if (!met && STRICT) {
            throw new AssertionError("missing prerequisite (NETSWEEP_STRICT_TESTS=1): " + reason);
        }
        assumeTrue(met, reason);
    }
}
