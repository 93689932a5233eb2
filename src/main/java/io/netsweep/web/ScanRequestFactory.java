package io.netsweep.web;

import io.netsweep.scan.ScanRequest;

/**
 * Turns a {@link ScanForm} into a {@link ScanRequest}, with the same parsers and defaults as the
 * command line. Implemented by the composition root; the web server never parses targets or ports
 * itself. Must be thread-safe: the server calls it from many request threads at once.
 */
@FunctionalInterface
public interface ScanRequestFactory {
    /**
     * @throws InvalidScanRequestException when the form does not describe a scan; its message is
     *         shown next to the form, so it must be one line written for a person
     */
    ScanRequest create(ScanForm form) throws InvalidScanRequestException;
}
