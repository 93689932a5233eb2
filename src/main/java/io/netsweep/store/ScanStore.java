package io.netsweep.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where scans are remembered: written while they run, listed, read back, pruned. One database file (or, with a
 * later backend, one database server) behind plain JDBC and the versioned schema of {@link Migrations}.
 *
 * <p>Thread-safe: each {@link #begin} hands out a writer of its own, and queries may run while scans are
 * written (by this process or another). Every method either does what it says or throws a
 * {@link StoreException} with one line for a person; none leaves the database half-written.
 */
public interface ScanStore extends AutoCloseable {

    /** The database, as a person would name it (a file path). */
    String location();

    /**
     * Records a new scan as running and returns its writer. The writer belongs to one thread.
     *
     * @param pid       the process writing it, so a scan whose process is gone shows as incomplete
     * @param pidStart  that process's start, telling it apart from a later process with the same id
     */
    ScanWriter begin(ScanHeader header, long pid, Optional<Instant> pidStart) throws StoreException;

    /** Every stored scan, oldest first. */
    List<ScanEntry> history() throws StoreException;

    /** The scan with everything it reported; empty when there is no scan {@code id}. */
    Optional<StoredScan> load(long id) throws StoreException;

    /**
     * What scan {@code id} stands for, whole: for a part of a sharded run, the run (the parts that count, joined as
     * {@code merge} joins their outputs, under the run's own summary); for a whole scan, the scan as {@link #load}
     * gives it. Empty when there is no scan {@code id}.
     */
    Optional<StoredScan> loadRun(long id) throws StoreException;

    /**
     * Scans {@code older} and {@code newer} compared: what {@link ScanDiff#of} gives on both scans loaded, read
     * faster (only what a diff compares, the two at once).
     *
     * @throws StoreException {@code NOT_FOUND} when either scan is not stored (the message names it)
     */
    ScanDiff diff(long older, long newer) throws StoreException;

    /**
     * The scans of the same targets as scan {@code id} ({@link ScanHeader#targetKey}), oldest first, that
     * ran to their end; {@code id} itself among them if it did.
     */
    List<ScanEntry> sameTargets(long id) throws StoreException;

    /** The inventory: every host ever seen that {@code query} selects. */
    List<InventoryHost> hosts(HostQuery query) throws StoreException;

    /**
     * Approves a finished scan as the baseline of its target set and ports, replacing any earlier approval of
     * the same ones.
     *
     * @throws StoreException {@code NOT_FOUND} when there is no scan {@code id}, or it did not finish
     */
    Baseline approve(long id) throws StoreException;

    /** The approved baseline of a target set ({@link TargetKey}) and ports ({@code -p} form), if there is one. */
    Optional<Baseline> baseline(String targetKey, String ports) throws StoreException;

    /**
     * One host of the inventory across the scans that saw it up, its newest {@code limit} sightings first;
     * empty when no scan saw host {@code hostId}.
     */
    Optional<HostTimeline> timeline(long hostId, int limit) throws StoreException;

    /** Forgets scans (and the hosts only they saw), never an approved baseline; returns the ids forgotten. */
    List<Long> prune(PruneRule rule) throws StoreException;

    /** Closes what the store holds open; writers already handed out stay usable until closed. */
    @Override
    void close();
}
