package io.netsweep.cli;

/** Bad input from the user: one line that says what is wrong, and nothing is scanned. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
