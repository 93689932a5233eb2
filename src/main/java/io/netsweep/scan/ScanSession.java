package io.netsweep.scan;

import java.time.Duration;
import java.util.Optional;

/**
 * One running scan: started by {@link Scanner#start}, it runs in the background and reports to
 * its listener until a terminal event. Thread-safe: any thread may cancel or wait.
 */
public interface ScanSession {

    /** Asks the scan to stop. Returns at once; the scan ends with {@link ScanEvent.Cancelled} within 500 ms. Idempotent. */
    void cancel();

    /** Waits for the terminal event. Returns false if it did not come within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException;

    /** The terminal event, once the scan has ended. */
    Optional<ScanEvent> outcome();
}
