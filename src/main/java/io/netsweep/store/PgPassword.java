package io.netsweep.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The password for a PostgreSQL URL, found where libpq users keep it: in the URL, else {@code PGPASSWORD}, else
 * the password file ({@code PGPASSFILE}, else {@code ~/.pgpass}): lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \} escaping {@code :} and
 * {@code \}, the first match winning. As libpq does, a password file that its group or others can read is
 * ignored. Stateless.
 */
final class PgPassword {
    private static final Set<PosixFilePermission> OPEN = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPassword() {}

    /** The password to send for {@code url}; empty when none is known (the server may not ask for one). */
    static Optional<String> of(PostgresUrl url, UnaryOperator<String> env) {
        if (url.password().isPresent()) {
            return url.password();
        }
        String fromEnv = env.apply("PGPASSWORD");
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return passFile(env).flatMap(f -> lookup(f, url.host(), url.port(), url.database(env), url.user(env)));
    }

    private static Optional<Path> passFile(UnaryOperator<String> env) {
        String named = env.apply("PGPASSFILE");
        if (named != null && !named.isEmpty()) {
            return Optional.of(Path.of(named));
        }
        String home = env.apply("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".pgpass"));
    }

    /** The first line of {@code file} that matches; empty when none does or the file is missing or not private. */
    static Optional<String> lookup(Path file, String host, int port, String database, String user) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(OPEN::contains)) {
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                String f = fields.get(i);
                match = f.equals("*") || f.equals(wanted[i]);
            }
            if (match) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    /** The line's fields: split at unescaped colons, the password taking the rest of the line. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (ch == ':' && out.size() < 4) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        out.add(current.toString());
        return out;
    }
}
