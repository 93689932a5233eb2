package io.netsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Where sqlite-jdbc's native library is loaded from. Left alone, the driver copies it out of its jar into
 * {@code java.io.tmpdir} (a shared {@code /tmp}) on every start, and deletes other copies it finds there.
 * netsweep instead keeps one copy per driver version in a directory only the user can enter
 * ({@code $XDG_CACHE_HOME/netsweep/sqlite-jdbc-VERSION}, mode 0700), written under a temporary name and moved
 * into place, and points the driver at it ({@code org.sqlite.lib.path}, {@code org.sqlite.lib.name}). Where
 * that directory cannot be made safe (a read-only home, a directory another user could write), the driver
 * extracts into a fresh private directory instead ({@code org.sqlite.tmpdir}).
 *
 * <p>The choice is made once per JVM, before the driver's first connection, through the system properties
 * the driver reads. Thread-safe.
 */
final class SqliteNative {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final String LIB_NAME = "libsqlitejdbc.so";

    private static final Object LOCK = new Object();
    private static volatile boolean prepared; // one driver per JVM: its properties are set once

    private SqliteNative() {}

    /**
     * Points the driver at a private copy of its native library; does nothing on a second call or where the
     * driver finds its library by itself (not Linux on x86-64 or AArch64, whose jar paths are known here).
     *
     * @param cacheHome the user's cache directory ({@code $XDG_CACHE_HOME} or {@code ~/.cache})
     */
    static void prepare(Path cacheHome) {
        if (prepared) {
            return;
        }
        synchronized (LOCK) {
            if (prepared) {
                return;
            }
            prepared = true;
            if (System.getProperty("org.sqlite.lib.path") != null) {
                return; // chosen by whoever runs netsweep
            }
            Optional<String> resource = resource();
            if (resource.isEmpty()) {
                return;
            }
            try {
                Path dir = privateDirectory(cacheHome.resolve("netsweep").resolve("sqlite-jdbc-" + version()));
                Path lib = dir.resolve(LIB_NAME);
                if (!Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS)) {
                    extract(resource.get(), lib);
                }
                System.setProperty("org.sqlite.lib.path", dir.toString());
                System.setProperty("org.sqlite.lib.name", LIB_NAME);
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                // No safe cache: let the driver extract into a directory of this run's own.
                try {
                    Path tmp = Files.createTempDirectory("netsweep-sqlite-",
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    tmp.toFile().deleteOnExit();
                    System.setProperty("org.sqlite.tmpdir", tmp.toString());
                } catch (IOException | UnsupportedOperationException ignored) {
                    // The driver's own default remains: its file names are random and its files owner-only.
                }
            }
        }
    }

    /** The library's path inside the driver's jar, for the platforms netsweep's native layer knows. */
    private static Optional<String> resource() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return Optional.empty();
        }
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        String path = "/org/sqlite/native/Linux/" + arch + "/" + LIB_NAME;
        return SqliteNative.class.getResource(path) == null ? Optional.empty() : Optional.of(path);
    }

    private static String version() {
        Package p = org.sqlite.JDBC.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v == null) {
            try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream("/sqlite-jdbc.properties")) {
                java.util.Properties props = new java.util.Properties();
                if (in != null) {
                    props.load(in);
                }
                v = props.getProperty("version");
            } catch (IOException e) {
                v = null;
            }
        }
        return v == null ? "unknown" : v.replaceAll("[^0-9A-Za-z.]", "_");
    }

    /**
     * The directory, created owner-only where missing (its parents too), and refused unless this user owns
     * it and nobody else can write to it or to its parent: a directory another user could write is a
     * directory where that user could plant a library.
     */
    static Path privateDirectory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        createOwnerOnly(absolute);
        checkPrivate(absolute);
        checkNotOthersWritable(absolute.getParent());
        return absolute;
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createOwnerOnly(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by another run; checked below
        }
    }

    private static void checkPrivate(Path dir) throws IOException {
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String me = System.getProperty("user.name");
        if (!a.isDirectory() || !a.owner().getName().equals(me)) {
            throw new IOException(dir + " is not a directory of " + me);
        }
        if (!a.permissions().equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    private static void checkNotOthersWritable(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        Set<PosixFilePermission> p = Files.readAttributes(dir, PosixFileAttributes.class).permissions();
        if (p.contains(PosixFilePermission.OTHERS_WRITE) || p.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new IOException(dir + " is writable by other users");
        }
    }

    private static void extract(String resource, Path lib) throws IOException {
        Path tmp = Files.createTempFile(lib.getParent(), ".lib-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no " + resource + " in the driver's jar");
                }
                try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out); // into the owner-only file made above, keeping its mode
                }
            }
            try {
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, lib);
            } catch (FileAlreadyExistsException e) {
                // another run put it there first: the same bytes
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
