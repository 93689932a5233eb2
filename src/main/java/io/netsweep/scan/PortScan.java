package io.netsweep.scan;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.portscan.ScanType;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The port scan as a scan uses it: hosts are submitted as they are found, and results go to the
 * {@link PortScanListener} given to the {@link Factory} (whose contract applies: one result per
 * submitted port, then one {@link PortScanListener#onHostComplete} per submission, one call at a time,
 * none after {@link #cancel}). The real one is {@link io.netsweep.portscan.ConnectScanner} (SYN or connect), through
 * {@link ScanComponents#standard()}.
 *
 * <p>Threading: every method is thread-safe and returns without waiting for the network.
 */
public interface PortScan extends AutoCloseable {

    /** Queues every port of {@code ports} on {@code host}. Ignored after {@link #cancel}. */
    void submit(InetAddress host, PortSet ports);

    /** Nothing more will be submitted: the scan ends once every submitted port has its result. */
    void closeInput();

    /** Stops at once; results already delivered stay delivered, no listener call follows. Idempotent. */
    void cancel();

    /** Why the scan stopped on its own before every result was delivered, if it did. */
    Optional<Throwable> failure();

    /** The scan this is: {@link ScanType#SYN} or {@link ScanType#CONNECT}. */
    default ScanType type() {
        return ScanType.CONNECT;
    }

    /** Probes sent so far, retransmissions included. */
    long probesSent();

    /** Results delivered to the listener so far. */
    long resultsReported();

    /** Cancels and waits for the scan's threads; afterwards none of its threads or sockets remain. Idempotent. */
    @Override
    void close();

    /** Opens one port scan per scan. */
    @FunctionalInterface
    interface Factory {
        /**
         * Starts an engine that waits for submissions.
         *
         * @throws RuntimeException when it cannot be started: the scan then ends as failed
         */
        PortScan open(ScanTiming timing, long seed, PortScanListener listener);

        /**
         * Starts an engine for the scan {@code method} asks for, where this factory can make it; the engine's
         * {@link PortScan#type()} says which it is. By default the one scan {@link #open(ScanTiming, long,
         * PortScanListener)} makes.
         */
        default PortScan open(ScanTiming timing, long seed, PortScanListener listener, PortScanMethod method) {
            return open(timing, seed, listener);
        }
    }
}
