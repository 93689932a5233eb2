package io.netsweep.finding;

import java.util.Locale;
import java.util.Optional;

/** How bad a finding is, lowest first (so {@code compareTo} orders by severity). */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity a label names, if any. */
    public static Optional<Severity> of(String label) {
        for (Severity s : values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
