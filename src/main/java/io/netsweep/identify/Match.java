package io.netsweep.identify;

import java.util.Objects;

/**
 * A fingerprint's verdict.
 *
 * @param source   the fingerprint that matched, asked for enrichment paths (version, models, auth) afterwards
 * @param decisive product-specific evidence; otherwise only an API family was recognised
 * @param identity what will be reported
 */
record Match(Fingerprint source, boolean decisive, ServiceIdentity identity) {
    Match {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(identity, "identity");
    }
}
