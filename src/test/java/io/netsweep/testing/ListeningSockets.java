package io.netsweep.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a given process itself listens on a TCP port, read from Linux's {@code /proc}: its socket
 * descriptors' inodes against the listening sockets of {@code /proc/PID/net/tcp} and {@code tcp6}. A server
 * started on a port picked free a moment before may find the port taken by then; a connect to the port
 * would then reach whoever took it, and a test would talk to a stranger. Stateless.
 */
public final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** True when {@code process} has a listening TCP socket (IPv4 or IPv6) on {@code port}. */
    public static boolean listensOn(ProcessHandle process, int port) throws IOException {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // the descriptor closed while the list was read
                }
            }
        } catch (NoSuchFileException exited) {
            return false;
        }
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = proc.resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] f = line.strip().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    return true;
                }
            }
        }
        return false;
    }
}
