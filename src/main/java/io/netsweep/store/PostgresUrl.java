package io.netsweep.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A PostgreSQL database as libpq's connection URIs name it:
 * {@code postgresql://[user[:password]@]host[:port][/database][?sslmode=...&connect_timeout=...&application_name=...]}
 * ({@code postgres://} alike; user, password and database percent-encoded; an IPv6 host in brackets). Unlike libpq,
 * the host is required: netsweep's driver connects over TCP only.
 *
 * <p>The password is never shown: {@link #display()} and {@link #toString()} leave it out, and parse errors never
 * repeat the URL. Immutable.
 *
 * @param user     the user, when the URL names one ({@link #user(UnaryOperator)} falls back as libpq does)
 * @param password the password, when the URL holds one
 * @param database the database, when the URL names one (else the user's name, as libpq does)
 * @param params   the connection parameters given, by libpq name
 */
public record PostgresUrl(Optional<String> user, Optional<String> password, String host, int port,
                          Optional<String> database, Map<String, String> params) implements StoreLocation {
    /** The port PostgreSQL listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 5432;
    private static final Set<String> PARAMS = Set.of("sslmode", "connect_timeout", "application_name");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    public PostgresUrl {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        params = Map.copyOf(params);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host (postgresql://user@host:port/database)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the PostgreSQL URL's port must be 1-65535");
        }
        for (var e : params.entrySet()) {
            if (!PARAMS.contains(e.getKey())) {
                throw new IllegalArgumentException("the PostgreSQL URL has a parameter netsweep does not know"
                        + " (it knows " + String.join(", ", new java.util.TreeSet<>(PARAMS)) + ")");
            }
        }
        String ssl = params.get("sslmode");
        if (ssl != null && !SSL_MODES.contains(ssl)) {
            throw new IllegalArgumentException("the PostgreSQL URL's sslmode must be one of "
                    + String.join(", ", new java.util.TreeSet<>(SSL_MODES)));
        }
        String timeout = params.get("connect_timeout");
        if (timeout != null && !timeout.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("the PostgreSQL URL's connect_timeout must be a number of seconds");
        }
    }

    private static final java.util.regex.Pattern PASSWORD_IN_ARGUMENT = java.util.regex.Pattern.compile(
            "(?i)^(.*?postgres(?:ql)?://[^:@/?]*):.*@");

    /**
     * A command-line argument as it may be kept and shown (the command line a scan stores and its reports print):
     * a PostgreSQL URL in it (or {@code --db=URL}) loses its password, everything up to the last {@code @}, even when
     * the URL is malformed; any other argument is returned as it is.
     */
    public static String withoutPassword(String argument) {
        return PASSWORD_IN_ARGUMENT.matcher(argument).replaceFirst("$1@");
    }

    /** Whether {@code text} is meant as a PostgreSQL URL (its scheme). */
    static boolean isUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    /**
     * Parses a URL.
     *
     * @throws IllegalArgumentException for a malformed one, in a message that does not repeat it
     */
    public static PostgresUrl parse(String text) {
        if (!isUrl(text)) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with postgresql:// or postgres://");
        }
        if (text.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("the PostgreSQL URL has a control character");
        }
        String rest = text.substring(text.indexOf("://") + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1), "password"));
                info = info.substring(0, colon);
            }
            if (!info.isEmpty()) {
                user = Optional.of(decode(info, "user"));
            }
        }
        String host;
        String portText = "";
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the PostgreSQL URL's IPv6 host has no closing bracket");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException("the PostgreSQL URL's host is malformed");
            }
            portText = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : "";
        }
        if (host.contains(",")) {
            throw new IllegalArgumentException("the PostgreSQL URL names several hosts: netsweep connects to one");
        }
        if (!host.matches("[A-Za-z0-9._:%-]*")) {
            throw new IllegalArgumentException("the PostgreSQL URL's host is malformed");
        }
        int port = DEFAULT_PORT;
        if (!portText.isEmpty()) {
            if (!portText.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("the PostgreSQL URL's port must be 1-65535");
            }
            port = Integer.parseInt(portText);
        }
        Optional<String> database = path.isEmpty() ? Optional.empty() : Optional.of(decode(path, "database"));
        Map<String, String> params = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter");
            params.put(name, decode(eq < 0 ? "" : pair.substring(eq + 1), "parameter"));
        }
        return new PostgresUrl(user, password, host, port, database, params);
    }

    /** Percent-decoding, strict: a bad escape, bytes that are not UTF-8 or a control character are refused. */
    private static String decode(String s, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("the PostgreSQL URL's " + what + " has a bad %-escape");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the PostgreSQL URL's " + what + " is not UTF-8");
        }
        if (decoded.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("the PostgreSQL URL's " + what + " has a control character");
        }
        return decoded;
    }

    /** The user to connect as: the URL's, else {@code PGUSER}, else the system user, as libpq chooses. */
    public String user(UnaryOperator<String> env) {
        return user.or(() -> Optional.ofNullable(env.apply("PGUSER")).filter(u -> !u.isEmpty()))
                .orElseGet(() -> System.getProperty("user.name"));
    }

    /** The database to open: the URL's, else the user's name, as libpq chooses. */
    public String database(UnaryOperator<String> env) {
        return database.orElseGet(() -> user(env));
    }

    /** The URL for the JDBC driver: host, port and database only; user and password go as properties. */
    String jdbcUrl(UnaryOperator<String> env) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/"
                + java.net.URLEncoder.encode(database(env), StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String display() {
        StringBuilder b = new StringBuilder("postgresql://");
        user.ifPresent(u -> b.append(u).append('@'));
        b.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
        database.ifPresent(d -> b.append('/').append(d));
        String query = new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, c) -> a + "&" + c).orElse("");
        if (!query.isEmpty()) {
            b.append('?').append(query);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return display();
    }

    @Override
    public ScanStore open(Path cacheHome, UnaryOperator<String> env, InstantSource clock) throws StoreException {
        return PostgresScanStore.open(this, env, clock);
    }
}
