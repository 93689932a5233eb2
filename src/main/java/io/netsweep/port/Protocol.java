package io.netsweep.port;

import java.util.Locale;

/** The transport a port belongs to: {@code 53/tcp} and {@code 53/udp} are two ports. */
public enum Protocol {
    TCP,
    UDP;

    /** {@code tcp} or {@code udp}, as every output and the store write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol labelled {@code label} ({@code tcp} or {@code udp}, any case). */
    public static java.util.Optional<Protocol> ofLabel(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "tcp" -> java.util.Optional.of(TCP);
            case "udp" -> java.util.Optional.of(UDP);
            default -> java.util.Optional.empty();
        };
    }
}
