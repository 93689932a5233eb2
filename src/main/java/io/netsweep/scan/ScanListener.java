package io.netsweep.scan;

/**
 * Receives a scan's events. A session calls its listeners from one thread, in order, so a
 * listener needs no locking of its own; it must return promptly, as it holds up the others.
 */
@FunctionalInterface
public interface ScanListener {
    void onEvent(ScanEvent event);
}
