package io.netsweep.dns;

import io.netsweep.target.IpLiterals;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a hosts file as the C library's {@code files} service does (hosts(5)): one address and its names per
 * line, blanks between fields, {@code #} to the end of the line a comment. The first name on a line is the
 * address's canonical name; in reverse, the first line that lists an address gives its name; in forward, every
 * line that lists a name adds its address ({@code multi on}, glibc's default). Names match in any case.
 * Lines whose first field is not an IP literal (a scope such as {@code %eth0} included) are skipped.
 *
 * <p>A missing or unreadable file has no entries, as for the C library. At most {@value #MAX_BYTES} bytes
 * are read (a hosts file that blocks advertising is a few MiB); lines beyond that are not seen. Bytes are
 * read as ISO-8859-1, so a stray non-UTF-8 byte costs one odd name, not the whole file.
 *
 * <p>Stateless and thread-safe.
 */
final class HostsFile {
    static final long MAX_BYTES = 16L << 20;

    /** One line: an address and its names, the canonical one first. */
    record Entry(InetAddress address, List<String> names) {
        Entry {
            names = List.copyOf(names);
        }
    }

    private HostsFile() {}

    /**
     * The canonical name of each address the file lists, sanitized (see {@link DnsNames#sanitize}); an
     * address whose first name has nothing printable has none.
     */
    static Map<InetAddress, String> canonicalNames(Optional<Path> file) {
        Map<InetAddress, String> names = new HashMap<>();
        file.ifPresent(f -> read(f, entry -> {
            if (!names.containsKey(entry.address())) {
                DnsNames.sanitize(entry.names().getFirst()).ifPresent(name -> names.put(entry.address(), name));
            }
        }));
        return Map.copyOf(names);
    }

    /** The addresses of each name the file lists, in file order, keyed by {@link #key}. */
    static Map<String, List<InetAddress>> addressesByName(Optional<Path> file) {
        Map<String, List<InetAddress>> addresses = new LinkedHashMap<>();
        file.ifPresent(f -> read(f, entry -> {
            for (String name : entry.names()) {
                List<InetAddress> list = addresses.computeIfAbsent(key(name), k -> new ArrayList<>(1));
                if (!list.contains(entry.address())) {
                    list.add(entry.address());
                }
            }
        }));
        Map<String, List<InetAddress>> copy = new HashMap<>();
        addresses.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        return Map.copyOf(copy);
    }

    /** How a name is matched: ASCII lower case, without the root dot. */
    static String key(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Every well-formed line of {@code file}, in order; nothing when it cannot be read. */
    static void read(Path file, Consumer<Entry> entries) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return; // missing, a directory, no permission: no entries, as for the C library
        }
        new String(bytes, StandardCharsets.ISO_8859_1).lines().forEach(line -> entry(line).ifPresent(entries));
    }

    static Optional<Entry> entry(String line) {
        int comment = line.indexOf('#');
        String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
        if (content.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = content.split("\\s+");
        if (fields.length < 2) {
            return Optional.empty();
        }
        try {
            InetAddress address = IpLiterals.parse(fields[0]);
            return Optional.of(new Entry(address, Arrays.asList(fields).subList(1, fields.length)));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
