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

    /**
     * {@code text} in double quotes, fit for a one-line message whatever it holds: control characters
     * and line separators become {@code ?}, and more than 80 characters are cut to 77 and {@code ...}.
     */
    public static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        StringBuilder sb = new StringBuilder(shown.length() + 2).append('"');
        shown.codePoints().forEach(c -> sb.appendCodePoint(
                Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        return sb.append('"').toString();
    }
}
