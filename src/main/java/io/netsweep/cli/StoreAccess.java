package io.netsweep.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import io.netsweep.store.StoreLocations;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the store's commands share: opening the database they read (a missing file is an empty store, and is
 * not created; a PostgreSQL database is opened as it is), the times they print, and their JSON (one object per line, every non-ASCII character
 * escaped, so names from the network can neither break a line nor hide in the output). Stateless.
 */
final class StoreAccess {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private StoreAccess() {}

    /**
     * The store at {@code --db} (or the default one); empty when it is a file that does not exist yet (a
     * PostgreSQL database is opened, and its tables made where missing).
     */
    static Optional<ScanStore> open(StoreLocation db, CliContext context) throws StoreException {
        StoreLocation location = StoreChoice.database(db, context);
        if (location instanceof StoreLocation.File(Path file) && !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(openOrCreate(db, context));
    }

    /** The store at {@code --db} (or the default one), created where missing: for commands that write. */
    static ScanStore openOrCreate(StoreLocation db, CliContext context) throws StoreException {
        return StoreChoice.database(db, context).open(StoreLocations.cacheHome(context.env()), context.env(),
                InstantSource.system());
    }

    /** A time for people: local, to the second. */
    static String local(Instant t) {
        return LOCAL.format(t.atZone(ZoneId.systemDefault()));
    }

    /** A time for programs: ISO-8601 UTC to the millisecond. */
    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A JSON generator over {@code out} that leaves {@code out} open. */
    static JsonGenerator json(Writer out) {
        try {
            JsonGenerator g = JSON.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return g;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text from the store (much of it from the network) as it may reach a terminal. */
    static String text(String s) {
        return io.netsweep.output.TerminalText.visible(s);
    }

    /** {@code s} cut to {@code max} characters, with an ellipsis where it was cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
