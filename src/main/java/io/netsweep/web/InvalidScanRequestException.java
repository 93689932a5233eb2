package io.netsweep.web;

/**
 * A {@link ScanForm} does not describe a scan (bad target range, unknown preset, port out of
 * range...). The message is one line for a person and is shown inline on the page.
 */
public final class InvalidScanRequestException extends Exception {
    public InvalidScanRequestException(String message) {
        super(message);
    }

    public InvalidScanRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
