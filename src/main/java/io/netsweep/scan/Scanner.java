package io.netsweep.scan;

/**
 * Starts scans. The composition root ({@code Main}) builds one with its collaborators;
 * it holds no per-scan state, so one instance may run many scans at once.
 */
public interface Scanner {
    /** Starts {@code request} in the background; {@code listener} gets every event, from one thread, in order. */
    ScanSession start(ScanRequest request, ScanListener listener);
}
