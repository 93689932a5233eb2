package io.netsweep.store;

import java.util.Objects;

/**
 * The scan store could not do what was asked. {@link #problem()} says what kind of trouble it is, so
 * callers choose an exit code without reading the message; the message is one line for a person,
 * naming the database file. Never carries a driver's stack trace to the user.
 */
public final class StoreException extends Exception {
    /** What went wrong, as the command line tells it apart. */
    public enum Problem {
        /** The file is not a database at all (or not one this netsweep can read). */
        NOT_A_DATABASE(true),
        /** A database of some other program. */
        FOREIGN(true),
        /** Written by a newer netsweep: its schema is ahead of this one's. */
        NEWER_SCHEMA(true),
        /** A database whose pages are damaged. */
        CORRUPT(true),
        /** A scan id, or a file to import, that does not exist or says nothing usable. */
        NOT_FOUND(true),
        /** The database or its directory cannot be written. */
        READ_ONLY(false),
        /** The disk (or a quota) is full. */
        FULL(false),
        /** Another process held the database locked for longer than the store waits. */
        BUSY(false),
        /** Anything else the system refused: I/O errors, a missing native library. */
        IO(false);

        private final boolean badInput;

        Problem(boolean badInput) {
            this.badInput = badInput;
        }

        /** Whether this is the user's input at fault (exit code 2) rather than the machine (exit code 1). */
        public boolean badInput() {
            return badInput;
        }
    }

    private final Problem problem;

    public StoreException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public StoreException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
