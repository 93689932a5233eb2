package io.netsweep.mcpserver;

import io.netsweep.scan.ScanEvent;
import java.util.Optional;

/**
 * A scan of this server as its events showed it at one moment. Immutable.
 *
 * @param progress  the last progress report, if one came yet
 * @param terminal  {@code Finished}, {@code Cancelled} or {@code Failed}, once the scan ended
 * @param hostsUp   hosts reported up so far
 * @param openPorts open ports reported so far
 */
record ScanSnapshot(long id, String targets, Optional<ScanEvent.Progress> progress, Optional<ScanEvent> terminal,
                    long hostsUp, long openPorts) {

    /** {@code running}, {@code finished}, {@code cancelled} or {@code failed}. */
    String status() {
        return terminal.map(t -> switch (t) {
            case ScanEvent.Finished f -> "finished";
            case ScanEvent.Cancelled c -> "cancelled";
            case ScanEvent.Failed f -> "failed";
            default -> "running";
        }).orElse("running");
    }

    /** The failure's line, for a failed scan. */
    Optional<String> message() {
        return terminal.filter(ScanEvent.Failed.class::isInstance).map(t -> ((ScanEvent.Failed) t).message());
    }
}
