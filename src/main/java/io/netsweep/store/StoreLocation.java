package io.netsweep.store;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a scan store lives, as {@code --db} names it: an SQLite file (the default, for one machine) or a
 * PostgreSQL database ({@code postgresql://} or {@code postgres://} URL), which shards, sites and the web UI can
 * share. Immutable.
 */
public sealed interface StoreLocation permits StoreLocation.File, PostgresUrl {

    /**
     * The location {@code text} names: a PostgreSQL URL when it starts with {@code postgresql://} or
     * {@code postgres://}, else a file.
     *
     * @throws IllegalArgumentException for a malformed URL; the message never repeats the URL (it may hold a
     *                                  password)
     */
    static StoreLocation parse(String text) {
        Objects.requireNonNull(text, "text");
        if (PostgresUrl.isUrl(text)) {
            return PostgresUrl.parse(text);
        }
        return new File(Path.of(text));
    }

    /** The location as it may be shown: a file's path, a URL without its password. */
    String display();

    /**
     * Opens the store, creating it (an SQLite file and its directory) or its tables where missing, and migrating
     * it to the newest schema.
     *
     * @param cacheHome the user's cache directory (SQLite's native library)
     * @param env       the environment ({@code PGPASSWORD}, {@code PGPASSFILE}, {@code HOME}, {@code PGUSER})
     */
    ScanStore open(Path cacheHome, UnaryOperator<String> env, InstantSource clock) throws StoreException;

    /** An SQLite file. */
    record File(Path path) implements StoreLocation {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String display() {
            return path.toString();
        }

        @Override
        public ScanStore open(Path cacheHome, UnaryOperator<String> env, InstantSource clock) throws StoreException {
            return SqliteScanStore.open(path, cacheHome, clock);
        }

        @Override
        public String toString() {
            return display();
        }
    }
}
