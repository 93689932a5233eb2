package io.netsweep.target;

/**
 * A target specification that cannot be used: a malformed token, an unreadable target file, a
 * hostname that does not resolve, or a target set that is empty or too large. Unchecked, because
 * it reports bad user input, not a runtime failure.
 *
 * <p>The message is one line that names the offending token or file, fit to print after
 * {@code netsweep: }, e.g. {@code invalid target "10.0.0.0/33": prefix length must be 0-32}.
 */
public final class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code text} in double quotes, cut to 80 characters, control characters shown as {@code ?}. */
    static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return '"' + printable(shown) + '"';
    }

    /** {@code invalid target "<token>": <reason>}; control characters in the reason are shown as {@code ?} too. */
    static TargetException invalid(String token, String reason) {
        return new TargetException("invalid target " + quote(token) + ": " + printable(reason));
    }

    private static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
