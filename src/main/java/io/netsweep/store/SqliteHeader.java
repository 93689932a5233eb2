package io.netsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the first 100 bytes of a file say about it as a netsweep database, read without the SQLite driver
 * (which costs a cold start tens of milliseconds): whether it is an SQLite database, whether it is
 * netsweep's (its application id), and its schema version (its user version). So a scan refuses a
 * {@code --db} that names someone else's file, or a newer netsweep's database, before it sends anything.
 * Stateless.
 */
public final class SqliteHeader {
    /** netsweep's SQLite application id: "NSWP". */
    static final int APPLICATION_ID = 0x4E535750;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 100;

    private SqliteHeader() {}

    /** {@link #check(Path, int)} against the newest schema this netsweep knows. */
    public static void check(Path file) throws StoreException {
        check(file, Schemas.SQLITE.latest());
    }

    /**
     * Checks the file, if there is one: a missing or empty file is a new database.
     *
     * @param latest the newest schema version this netsweep knows
     * @throws StoreException when the file is not a database, someone else's, or a newer netsweep's
     */
    public static void check(Path file, int latest) throws StoreException {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(HEADER);
        } catch (NoSuchFileException e) {
            return;
        } catch (AccessDeniedException e) {
            throw new StoreException(StoreException.Problem.READ_ONLY, "cannot read " + file + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new StoreException(StoreException.Problem.NOT_A_DATABASE, file + " is a directory, not a database");
            }
            throw new StoreException(StoreException.Problem.IO, "cannot read " + file + ": " + e.getMessage());
        }
        if (header.length == 0) {
            return;
        }
        if (header.length < HEADER || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StoreException(StoreException.Problem.NOT_A_DATABASE,
                    file + " is not a netsweep database (not an SQLite file)");
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        int userVersion = b.getInt(60);
        int applicationId = b.getInt(68);
        if (applicationId != APPLICATION_ID && (applicationId != 0 || userVersion != 0)) {
            throw new StoreException(StoreException.Problem.FOREIGN,
                    file + " is not a netsweep database (an SQLite database of another program)");
        }
        if (userVersion > latest) {
            throw new StoreException(StoreException.Problem.NEWER_SCHEMA, file + " was written by a newer netsweep"
                    + " (schema " + userVersion + "; this one knows up to " + latest + "): upgrade netsweep to read it");
        }
    }
}
