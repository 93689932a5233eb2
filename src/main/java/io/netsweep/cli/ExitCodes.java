package io.netsweep.cli;

/** Process exit codes, in one place. */
final class ExitCodes {
    /** The scan ran to its end. */
    static final int OK = 0;
    /** The scan started but failed (an output could not be written, a component broke). */
    static final int FAILED = 1;
    /** Bad input: nothing was scanned. */
    static final int USAGE = 2;
    /** Cancelled by Ctrl-C (128 + SIGINT), partial results written. */
    static final int CANCELLED = 130;

    private ExitCodes() {}
}
