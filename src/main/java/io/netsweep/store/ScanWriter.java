package io.netsweep.store;

import java.util.List;

/**
 * Writes one scan's observations, each batch in one transaction: a process killed between batches leaves
 * every earlier batch in the database and nothing of a later one. Belongs to one thread.
 */
public interface ScanWriter extends AutoCloseable {
    /** The scan's id in the store. */
    long scanId();

    /** Writes the batch in one transaction, in order; the scan's heartbeat with it. */
    void write(List<Observation> batch) throws StoreException;

    /**
     * Says the scan's writer is alive (the scan's heartbeat, now): called at least every {@code HEARTBEAT} (10 s)
     * while nothing is written, so that readers on other machines see the scan as running, not incomplete.
     */
    void heartbeat() throws StoreException;

    @Override
    void close();
}
