package io.netsweep.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which hosts {@code netsweep hosts} lists. Immutable; every filter is optional.
 *
 * @param seenSince only hosts seen up at or after this instant
 * @param openPort  only hosts with this port open at their last scan
 * @param product   only hosts whose last scan named this product on a port (case-insensitive substring)
 */
public record HostQuery(Optional<Instant> seenSince, OptionalInt openPort, Optional<String> product) {
    public static final HostQuery ALL = new HostQuery(Optional.empty(), OptionalInt.empty(), Optional.empty());

    public HostQuery {
        Objects.requireNonNull(seenSince, "seenSince");
        Objects.requireNonNull(openPort, "openPort");
        Objects.requireNonNull(product, "product");
    }
}
