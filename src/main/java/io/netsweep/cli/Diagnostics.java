package io.netsweep.cli;

import io.netsweep.output.TerminalText;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The one place where netsweep's own lines reach standard error: errors, warnings and notices, each
 * exactly one line starting {@code netsweep: }. Messages quote what a person typed or what a file held
 * (an {@code -iL} line can carry a terminal's title-setting escape), so line breaks and every other
 * control character are shown as visible escapes ({@link TerminalText#visible}) and never reach the
 * terminal as such. Picocli's messages come through here too. Thread-safe as {@link PrintWriter} is.
 */
final class Diagnostics {
    private final PrintWriter err;

    Diagnostics(PrintWriter err) {
        this.err = Objects.requireNonNull(err, "err");
    }

    /** {@code netsweep: MESSAGE}: why netsweep refused the command line or could not go on. */
    void error(String message) {
        print(message);
    }

    /** {@code netsweep: WARNING: MESSAGE}. */
    void warning(String message) {
        print("WARNING: " + message);
    }

    /** {@code netsweep: MESSAGE}, for what is neither an error nor a warning. */
    void notice(String message) {
        print(message);
    }

    /** The line {@code message} is printed as, without its line end. */
    static String line(String message) {
        return "netsweep: " + TerminalText.visible(message.strip());
    }

    private void print(String message) {
        err.println(line(message));
        err.flush();
    }
}
