package io.netsweep.store;

import io.netsweep.timing.MonotonicClock;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The scan store in a PostgreSQL database, which several netsweeps (shards, sites, the web UI) share: the same
 * tables and migrations as SQLite's ({@code migrations/postgresql/}), the version in {@code schema_migration},
 * migrations under an advisory lock, read-committed transactions, one per write batch (so a killed scanner
 * leaves every committed batch, as with SQLite). Host identities are assigned under an advisory lock
 * ({@link Dialect#lockHosts}), as SQLite's database lock does, so two scanners seeing one new host make one.
 *
 * <p>The driver ({@code org.postgresql}) is loaded by the first PostgreSQL store, never by a scan into SQLite;
 * it is used directly, not through {@code DriverManager}, which would scan every jar for drivers. Each writer and
 * each query has a connection of its own; the first of them, when it comes within {@link #SPARE_FOR} of the store's
 * opening, gets the connection that opened it (a scan opens the store and begins writing at once): a connection
 * costs the client a SCRAM authentication (4,096 rounds of HMAC-SHA-256 at the server's default) and the server a
 * new backend. Thread-safe.
 */
public final class PostgresScanStore extends JdbcScanStore {
    /** How long connecting may take unless the URL's {@code connect_timeout} says otherwise. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long the connection that opened the store is kept for the first connection asked of it. Short: the server
     * or the network may end an idle connection, and a store opened long before (the web UI's) connects anew.
     */
    static final Duration SPARE_FOR = Duration.ofSeconds(10);

    private final PostgresUrl url;
    private final String jdbcUrl;
    private final Properties properties;
    private final Driver driver;
    private final MonotonicClock ticks;
    /** The connection that opened the store, until the first connection asked for takes it, or it ages. */
    private final AtomicReference<Connection> spare = new AtomicReference<>();
    private volatile long spareSince;

    private PostgresScanStore(PostgresUrl url, String jdbcUrl, Properties properties, InstantSource clock,
                              MonotonicClock ticks) {
        super(clock);
        this.url = url;
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.driver = new org.postgresql.Driver();
        this.ticks = ticks;
    }

    /** The schema version this netsweep writes. */
    public static int schemaVersion() {
        return Schemas.postgresql().latest();
    }

    /**
     * Connects to the database and creates or migrates netsweep's tables in it.
     *
     * @param env the environment: {@code PGPASSWORD}, {@code PGPASSFILE}, {@code HOME}, {@code PGUSER}
     */
    public static PostgresScanStore open(PostgresUrl url, UnaryOperator<String> env, InstantSource clock)
            throws StoreException {
        return open(url, env, clock, Schemas.postgresql().latest());
    }

    /** As {@link #open}, migrating only up to {@code version} (tests of migrations). */
    static PostgresScanStore open(PostgresUrl url, UnaryOperator<String> env, InstantSource clock, int version)
            throws StoreException {
        return open(url, env, clock, version, MonotonicClock.system());
    }

    /** As {@link #open}, the age of the opening connection measured by {@code ticks} (tests of {@link #SPARE_FOR}). */
    static PostgresScanStore open(PostgresUrl url, UnaryOperator<String> env, InstantSource clock, int version,
                                  MonotonicClock ticks) throws StoreException {
        Properties p = new Properties();
        p.setProperty("user", url.user(env));
        PgPassword.of(url, env).ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", url.params().getOrDefault("application_name", "netsweep"));
        p.setProperty("connectTimeout", url.params().getOrDefault("connect_timeout",
                Long.toString(CONNECT_TIMEOUT.toSeconds())));
        // Batched INSERTs go as multi-row INSERTs: one statement the server plans and runs per up to 128 rows rather
        // than one per row (the writer never puts one key twice in a batch, which a multi-row upsert refuses).
        p.setProperty("reWriteBatchedInserts", "true");
        if (url.params().containsKey("sslmode")) {
            p.setProperty("sslmode", url.params().get("sslmode"));
        }
        PostgresScanStore store = new PostgresScanStore(url, url.jdbcUrl(env), p, clock, ticks);
        Connection c = null;
        try {
            c = store.connect(false);
            if (foreign(c)) {
                throw new StoreException(StoreException.Problem.FOREIGN, url.display()
                        + " is not a netsweep database (it has a table scan that netsweep did not make)");
            }
            Schemas.postgresql().migrate(c, Dialect.POSTGRESQL, version, url.display(), clock.millis());
        } catch (SQLException e) {
            closeQuietly(c);
            throw store.failure("cannot open", e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        store.spareSince = ticks.nanoTime();
        store.spare.set(c); // in auto-commit mode, as migrate leaves it
        return store;
    }

    /** Whether the database has a {@code scan} table but no netsweep schema: someone else's. One statement. */
    private static boolean foreign(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT NOT " + Dialect.TABLE_EXISTS
                + "'schema_migration') AND " + Dialect.TABLE_EXISTS + "'scan')")) {
            return r.next() && r.getBoolean(1);
        }
    }

    @Override
    Connection connect(boolean readOnly) throws SQLException {
        Connection opened = spare.getAndSet(null);
        if (opened != null) {
            if (ticks.nanoTime() - spareSince <= SPARE_FOR.toNanos()) {
                return opened;
            }
            closeQuietly(opened);
        }
        Connection c = driver.connect(jdbcUrl, properties);
        if (c == null) {
            throw new SQLException("the driver did not take " + url.display(), "08001");
        }
        return c;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public void close() {
        Connection opened = spare.getAndSet(null);
        if (opened != null) {
            closeQuietly(opened);
        }
    }

    @Override
    public String location() {
        return url.display();
    }

    /** The URL, without its password. */
    public PostgresUrl url() {
        return url;
    }

    /** The most of the server's message a failure's line keeps. */
    static final int MAX_REASON = 300;

    @Override
    StoreException failure(String doing, SQLException e) {
        // A failed batch's own message quotes its whole (multi-row) statement; the server's error is the next one.
        SQLException cause = e instanceof java.sql.BatchUpdateException && e.getNextException() != null
                ? e.getNextException() : e;
        String state = Optional.ofNullable(cause.getSQLState()).or(() -> Optional.ofNullable(e.getSQLState())).orElse("");
        String cls = state.length() >= 2 ? state.substring(0, 2) : "";
        StoreException.Problem problem = switch (state) {
            case "53100" -> StoreException.Problem.FULL; // disk_full
            case "25006", "42501" -> StoreException.Problem.READ_ONLY; // read-only transaction, insufficient privilege
            case "3D000" -> StoreException.Problem.NOT_FOUND; // invalid_catalog_name: no such database
            case "40001", "40P01", "55P03" -> StoreException.Problem.BUSY; // serialization, deadlock, lock not available
            default -> switch (cls) {
                case "28" -> StoreException.Problem.READ_ONLY; // authorization: this user may not use it
                default -> StoreException.Problem.IO; // 08: connection; the rest
            };
        };
        String why = cause.getMessage() == null ? "SQL state " + state
                : String.join(" ", cause.getMessage().strip().split("\\R+"));
        if (why.length() > MAX_REASON) {
            why = why.substring(0, MAX_REASON) + "...";
        }
        return new StoreException(problem, doing + " " + url.display() + ": " + why, e);
    }
}
