package io.netsweep.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads the kernel neighbor tables of the network namespace this JVM runs in: {@code /proc/net/arp}
 * for IPv4, {@code ip -6 neigh show} for IPv6 (no new dependency, no netlink code). Both work
 * without privilege. A table that cannot be read is empty: discovery then simply finds no
 * ARP/NDP-only hosts. Thread-safe (stateless).
 */
interface NeighborSource {

    NeighborTable read(boolean ipv6);

    /** The real tables. */
    NeighborSource SYSTEM = ipv6 -> ipv6 ? SystemNeighbors.ipNeigh() : SystemNeighbors.procNetArp();

    /** Reads from the system; package-private helpers of {@link #SYSTEM}. */
    final class SystemNeighbors {
        private static final Path PROC_NET_ARP = Path.of("/proc/net/arp");
        private static final List<Path> IP_BINARIES =
                List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"), Path.of("/bin/ip"));
        private static final int MAX_BYTES = 16 << 20;

        private SystemNeighbors() {}

        static NeighborTable procNetArp() {
            try {
                return NeighborTable.parseProcNetArp(Files.readString(PROC_NET_ARP, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return NeighborTable.empty();
            }
        }

        static NeighborTable ipNeigh() {
            Optional<Path> ip = IP_BINARIES.stream().filter(Files::isExecutable).findFirst();
            if (ip.isEmpty()) {
                return NeighborTable.empty();
            }
            Process p = null;
            try {
                p = new ProcessBuilder(ip.get().toString(), "-6", "neigh", "show")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
                }
                if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return NeighborTable.empty();
                }
                return NeighborTable.parseIpNeigh(out);
            } catch (IOException e) {
                return NeighborTable.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NeighborTable.empty();
            } finally {
                if (p != null) {
                    p.destroy();
                }
            }
        }
    }
}
