package io.netsweep.store;

/** The schema migrations of each dialect, read once, on first use: a scan into SQLite never reads PostgreSQL's. Immutable. */
final class Schemas {
    static final Migrations SQLITE = Migrations.load(Dialect.SQLITE.migrations());

    private Schemas() {}

    /** PostgreSQL's migrations, read when the first PostgreSQL store opens. */
    static Migrations postgresql() {
        return Postgresql.MIGRATIONS;
    }

    private static final class Postgresql {
        static final Migrations MIGRATIONS = Migrations.load(Dialect.POSTGRESQL.migrations());
    }
}
