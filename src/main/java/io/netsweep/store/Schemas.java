package io.netsweep.store;

/** The schema migrations of each dialect, read once. Immutable. */
final class Schemas {
    static final Migrations SQLITE = Migrations.load(Dialect.SQLITE.migrations());

    private Schemas() {}
}
