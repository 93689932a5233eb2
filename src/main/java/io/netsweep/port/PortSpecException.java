package io.netsweep.port;

/**
 * A port specification or preset name that cannot be used. Unchecked: it reports bad user input
 * (a {@code -p} value, a {@code --top-ports} count, a preset name), not a runtime failure.
 *
 * <p>The message is one line that quotes the offending text, fit to print after {@code netsweep: }.
 */
public final class PortSpecException extends RuntimeException {
    public PortSpecException(String message) {
        super(message);
    }
}
