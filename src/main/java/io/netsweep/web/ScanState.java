package io.netsweep.web;

import java.util.Locale;

/** Where a scan started from the page stands. */
enum ScanState {
    RUNNING,
    /** Cancel was asked for; the scan has not reported its end yet. */
    CANCELLING,
    FINISHED,
    CANCELLED,
    FAILED;

    boolean ended() {
        return this == FINISHED || this == CANCELLED || this == FAILED;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
