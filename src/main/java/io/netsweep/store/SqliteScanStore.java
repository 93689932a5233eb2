package io.netsweep.store;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.IpLiterals;
import io.netsweep.timing.MonotonicClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The scan store in one SQLite file: WAL journal (readers never wait for the writer, and a killed writer
 * leaves every committed transaction), {@code synchronous=NORMAL} (a power loss may drop the last
 * transactions, never the file's consistency), write transactions that take the lock at once
 * ({@code BEGIN IMMEDIATE}), a busy timeout so concurrent scans take turns. Each writer and each query has
 * a connection of its own. Thread-safe.
 */
public final class SqliteScanStore extends JdbcScanStore {
    /** How long a statement waits for another process's write transaction before giving up. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);
    private static final Migrations MIGRATIONS = Schemas.SQLITE;

    private final Path file;
    private final MonotonicClock waits;

    private SqliteScanStore(Path file, InstantSource clock, MonotonicClock waits) {
        super(clock);
        this.file = file;
        this.waits = waits;
    }

    /** The schema version this netsweep writes. */
    public static int schemaVersion() {
        return MIGRATIONS.latest();
    }

    /**
     * Opens the database, creating it (and its directory, owner-only) where missing and migrating it to the
     * newest schema.
     *
     * @param cacheHome the user's cache directory, where the driver's native library is kept
     */
    public static SqliteScanStore open(Path file, Path cacheHome, InstantSource clock) throws StoreException {
        return open(file, cacheHome, clock, MIGRATIONS.latest());
    }

    /** As {@link #open}, migrating only up to {@code version} (tests of migrations). */
    static SqliteScanStore open(Path file, Path cacheHome, InstantSource clock, int version) throws StoreException {
        return open(file, cacheHome, clock, version, MonotonicClock.system());
    }

    /** As {@link #open}, waiting for other processes' locks through {@code waits} (tests of concurrent opens). */
    static SqliteScanStore open(Path file, Path cacheHome, InstantSource clock, int version, MonotonicClock waits)
            throws StoreException {
        SqliteHeader.check(file, MIGRATIONS.latest());
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (java.io.IOException | UnsupportedOperationException e) {
                throw new StoreException(StoreException.Problem.READ_ONLY,
                        "cannot create the directory of " + file + ": " + reason(e));
            }
        }
        SqliteNative.prepare(cacheHome);
        SqliteScanStore store = new SqliteScanStore(file, clock, waits);
        try (Connection c = store.connect(false)) {
            if (foreign(c)) {
                throw new StoreException(StoreException.Problem.FOREIGN,
                        file + " is not a netsweep database (an SQLite database of another program)");
            }
            MIGRATIONS.migrate(c, Dialect.SQLITE, version, file.toString(), clock.millis());
        } catch (SQLException e) {
            throw store.failure("cannot open", e);
        }
        return store;
    }

    /**
     * Whether the database has tables but no netsweep schema version: someone else's. One statement, so one
     * snapshot: read apart, another netsweep creating the database could commit its first migration between
     * the version (still 0) and the tables (there now), and its database would look foreign.
     */
    private static boolean foreign(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT user_version FROM pragma_user_version),"
                     + " (SELECT count(*) FROM sqlite_master)")) {
            return r.next() && r.getInt(1) == 0 && r.getLong(2) > 0;
        }
    }

    /** A new connection with the store's settings; one that writes has the database in WAL mode. */
    @Override
    Connection connect(boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setReadOnly(readOnly);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (!readOnly) {
            try {
                walMode(c);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
        }
        return c;
    }

    /**
     * Puts the database in WAL mode (a no-op once it is: the mode is kept in the file). Switching a new database
     * reads its header and then writes it in one transaction, and SQLite answers that upgrade from reading to
     * writing with SQLITE_BUSY at once, without the busy handler, when another connection holds the write lock
     * (waiting could deadlock): several netsweeps creating one database at once, each switching it, would see
     * one of them fail at once. So the switch is tried again, with the statement ended and its read lock
     * released in between, until {@link #BUSY_TIMEOUT} has passed.
     */
    private void walMode(Connection c) throws SQLException {
        long start = waits.nanoTime();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLiteException e) {
                long waited = waits.nanoTime() - start;
                if ((e.getResultCode().code & 0xff) != 5 || waited >= BUSY_TIMEOUT.toNanos()) { // SQLITE_BUSY
                    throw e;
                }
                waits.parkNanos(Math.min(pause, BUSY_TIMEOUT.toNanos() - waited));
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    StoreException failure(String doing, SQLException e) {
        StoreException.Problem problem = StoreException.Problem.IO;
        String why = e.getMessage();
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            int primary = code.code & 0xff;
            problem = switch (primary) {
                case 26 -> StoreException.Problem.NOT_A_DATABASE; // SQLITE_NOTADB
                case 11 -> StoreException.Problem.CORRUPT; // SQLITE_CORRUPT
                case 8, 3, 14 -> StoreException.Problem.READ_ONLY; // SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN
                case 13 -> StoreException.Problem.FULL; // SQLITE_FULL
                case 5, 6 -> StoreException.Problem.BUSY; // SQLITE_BUSY, SQLITE_LOCKED
                default -> StoreException.Problem.IO;
            };
            why = switch (problem) {
                case NOT_A_DATABASE -> "it is not a netsweep database (not an SQLite file)";
                case CORRUPT -> "the database is damaged (" + code.message + ")";
                case READ_ONLY -> primary == 14 ? "cannot open the file (its directory may be read-only)"
                        : "it is read-only";
                case FULL -> "the disk is full";
                case BUSY -> "another process kept it locked for " + BUSY_TIMEOUT.toSeconds() + " s";
                default -> code.message;
            };
        }
        return new StoreException(problem, doing + " " + file + ": " + why, e);
    }

    private static String reason(Exception e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException x -> "permission denied";
            case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
