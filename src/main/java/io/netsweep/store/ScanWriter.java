package io.netsweep.store;

import java.time.Duration;
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

    /**
     * How long a batch that is not full may wait for more observations before it is written: zero writes what
     * has queued at once. A database whose transactions cost more per batch than per row (PostgreSQL: each
     * batch's rows by one COPY into the key's index, a commit) writes fewer, larger batches; a process killed
     * meanwhile leaves at most this much less behind.
     */
    default Duration gather() {
        return Duration.ZERO;
    }

    /** Most observations written in one transaction: a long transaction holds up other writers. */
    default int maxBatch() {
        return ScanRecorder.MAX_BATCH;
    }

    @Override
    void close();
}
