package io.netsweep.portscan;

import java.net.InetAddress;

/**
 * Receives the outcome of a {@link ConnectScanner}.
 *
 * <p>Threading: every method is called from one of the scanner's engine threads, one call at a time, never
 * concurrently. Calls must return quickly (hand work to another thread): engines send no probe while a
 * callback of theirs runs, and the others wait for it to deliver their own results. A callback that throws stops the scan; see {@link ConnectScanner#failure()}.
 */
public interface PortScanListener {

    /** Exactly one final result for every (host, port) submitted, unless the scan is cancelled or fails first. */
    void onResult(PortProbeResult result);

    /** Called once per submission, after the last result of that submission's ports. */
    void onHostComplete(InetAddress host);
}
