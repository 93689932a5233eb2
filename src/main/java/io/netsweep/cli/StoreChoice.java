package io.netsweep.cli;

import io.netsweep.store.PostgresUrl;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.SqliteHeader;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import io.netsweep.store.StoreLocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Where a scan is stored: {@code --db FILE}, {@code --db postgresql://...}, the default database, or nowhere
 * ({@code --no-save}). An explicit {@code --db} file is checked before anything is sent, as an output file is: a
 * file that is not a netsweep database, a newer netsweep's database, or a place that cannot be written is bad
 * input; a URL was checked as it was parsed ({@link StoreLocationConverter}). Problems only the database finds (a
 * damaged file, a full disk, a server that does not answer or refuses the password) come while the scan runs,
 * which goes on. Immutable.
 *
 * @param location the database, or empty for {@code --no-save}
 * @param explicit whether {@code --db} named it
 */
record StoreChoice(Optional<StoreLocation> location, boolean explicit) {

    /** The choice {@code --db} and {@code --no-save} make, checked. */
    static StoreChoice of(StoreLocation db, boolean noSave, CliContext context) {
        if (noSave) {
            if (db != null) {
                throw new UsageException("--db and --no-save exclude each other: --no-save stores nothing");
            }
            return new StoreChoice(Optional.empty(), false);
        }
        if (db == null) {
            return new StoreChoice(Optional.of(database(null, context)), false);
        }
        check(db);
        return new StoreChoice(Optional.of(db), true);
    }

    /** The database {@code --db} names, else the default one; for the commands that read it. */
    static StoreLocation database(StoreLocation db, CliContext context) {
        return db != null ? db : new StoreLocation.File(StoreLocations.defaultDatabase(context.env()));
    }

    /** Refuses a {@code --db} that cannot be a netsweep database to write. */
    static void check(StoreLocation location) {
        switch (location) {
            case PostgresUrl url -> { } // checked when parsed; the server is asked when the store opens
            case StoreLocation.File(Path db) -> check(db);
        }
    }

    private static void check(Path db) {
        if (db.toString().isEmpty()) {
            throw new UsageException("--db needs a file name");
        }
        try {
            SqliteHeader.check(db);
        } catch (StoreException e) {
            if (e.problem().badInput()) {
                throw new UsageException("--db: " + e.getMessage());
            }
        }
        Path absolute = db.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException("cannot write --db \"" + db + "\": no such directory");
        }
        if (dir != null && !Files.isWritable(dir) || Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new UsageException("cannot write --db \"" + db + "\": permission denied");
        }
    }

    /** The archive that stores this run's scans, if they are stored. */
    Optional<ScanArchive> archive(CliContext context) {
        return location.map(l -> new ScanArchive(
                () -> l.open(StoreLocations.cacheHome(context.env()), context.env(), InstantSource.system()),
                InstantSource.system()));
    }
}
