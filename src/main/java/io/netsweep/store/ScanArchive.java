package io.netsweep.store;

import io.netsweep.scan.ScanRequest;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands out {@link ScanRecorder}s for the scans of one process (the command line's one scan, the web UI's
 * many) over one store, opened on the first recorder's thread and kept open; a store that could not be
 * opened is tried again by the next recorder. Thread-safe.
 */
public final class ScanArchive {
    /** Opens the store; called on a recorder's thread. */
    @FunctionalInterface
    public interface Opener {
        ScanStore open() throws StoreException;
    }

    private final Opener opener;
    private final InstantSource clock;
    private ScanStore store; // guarded by this

    public ScanArchive(Opener opener, InstantSource clock) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A recorder for a scan about to start, already opening the store on its thread; pass it the scan's
     * events as a listener.
     *
     * @param source  {@code cli} or {@code web}
     * @param targets the targets as the person gave them
     */
    public ScanRecorder record(ScanRequest request, String source, String targets) {
        return record(request, source, targets, Optional.empty());
    }

    /**
     * A recorder for a scan about to start, as {@link #record(ScanRequest, String, String)}, of a part of a sharded
     * scan when {@code shard} is present.
     */
    public ScanRecorder record(ScanRequest request, String source, String targets, Optional<ScanShard> shard) {
        ScanRecorder r = new ScanRecorder(this::store, request, source, targets, shard, clock);
        r.start();
        return r;
    }

    /**
     * The store, opened on first use and kept open, for reading what it holds (the web UI's history); a store
     * that could not be opened is tried again on the next call.
     */
    public synchronized ScanStore store() throws StoreException {
        if (store == null) {
            store = opener.open();
        }
        return store;
    }
}
