package io.netsweep.cli;

import io.netsweep.web.WebConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The web UI's token, kept in the data directory ({@code $XDG_DATA_HOME/netsweep/ui-token}) so that a
 * bookmarked address keeps working across restarts. The file is created atomically with mode 0600 (written
 * beside it, then linked into place, so no other process ever sees it half-written or readable by others);
 * a file that others may read or write, that the user does not own, that is not a regular file (a symbolic
 * link included) or that does not hold a token is refused, never repaired silently. {@code --new-token}
 * replaces it, atomically. Stateless.
 */
final class UiToken {
    static final String FILE_NAME = "ui-token";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private UiToken() {}

    /**
     * The token in {@code file}, created when there is none; a fresh one, replacing the file, when
     * {@code rotate}.
     *
     * @throws UsageException with one line for a person when the file cannot be trusted or written
     */
    static String load(Path file, boolean rotate) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(EnumSet.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE)));
            }
            if (rotate) {
                String token = WebConfig.newToken();
                replace(file, token);
                return token;
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String token = WebConfig.newToken();
                if (create(file, token)) {
                    return token;
                }
                // Another netsweep ui created it first: use theirs.
            }
            return read(file);
        } catch (IOException e) {
            throw new UsageException("cannot keep the UI token in " + file + ": " + reason(e));
        }
    }

    private static String read(Path file) throws IOException {
        PosixFileAttributes a = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!a.isRegularFile()) {
            throw new UsageException("the UI token " + file + " is not a regular file: remove it, or run"
                    + " netsweep ui --new-token");
        }
        Object uid = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!uid.equals(currentUid())) {
            throw new UsageException("the UI token " + file + " belongs to another user (uid " + uid
                    + "): remove it, or run netsweep ui --new-token");
        }
        if (!OWNER_ONLY.containsAll(a.permissions())) {
            throw new UsageException("the UI token " + file + " may be read or written by others (mode "
                    + PosixFilePermissions.toString(a.permissions()) + "): run chmod 600 on it, or netsweep ui"
                    + " --new-token");
        }
        if (a.size() > 256) {
            throw new UsageException("the UI token " + file + " is not a token: run netsweep ui --new-token");
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            throw new UsageException("the UI token " + file + " is not a token: run netsweep ui --new-token");
        }
        return token;
    }

    /** Writes the token beside {@code file} with mode 0600, then links it into place; false if it exists. */
    private static boolean create(Path file, String token) throws IOException {
        Path temp = written(file, token);
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links here: a move that refuses to replace is atomic enough.
            try {
                Files.move(temp, file);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void replace(Path file, String token) throws IOException {
        Path temp = written(file, token);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path written(Path file, String token) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            // createTempFile's mode is filtered by the umask: say it again.
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static Object currentUid() throws IOException {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : m == null ? e.getClass().getSimpleName() : m;
    }
}
