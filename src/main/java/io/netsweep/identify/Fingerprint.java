package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * Knows one product: which GET paths tell it apart, how interesting a port looks for it given what was
 * seen so far, and the verdict once the answers are in. Implementations are stateless and thread-safe;
 * everything about a port lives in the {@link Observations} passed in.
 */
interface Fingerprint {
    /** Interest for a product whose own page or banner named it. */
    int NAMED = 100;
    /** Interest that beats any generic probe: a shared API hinted at this product. */
    int LIKELY = 60;

    /**
     * How worth probing this product is now: 0 means never, higher goes first. It must not depend on
     * the port number alone; the port may only order probes, never decide a verdict.
     */
    int interest(Observations seen);

    /** The paths this fingerprint still wants answered, in order; fetched ones are skipped by the planner. */
    List<String> wanted(Observations seen);

    /** The verdict from what was seen, if these answers show this product (or its API family). */
    Optional<Match> match(Observations seen);
}
