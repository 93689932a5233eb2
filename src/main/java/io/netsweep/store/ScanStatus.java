package io.netsweep.store;

import java.util.Locale;

/** How a stored scan ended, or that it has not. */
public enum ScanStatus {
    /** Its writer is still at work. */
    RUNNING,
    /** It ran to its end. */
    FINISHED,
    /** Cancelled (Ctrl-C, the web UI's Cancel): what was found before is kept. */
    CANCELLED,
    /** It could not go on. */
    FAILED,
    /** Its writer stopped without saying how the scan ended (killed, power lost): what was committed is kept. */
    INCOMPLETE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a label names; {@code running} rows are told apart from incomplete ones by the caller. */
    static ScanStatus ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
