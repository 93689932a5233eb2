package io.netsweep.dns;

import io.netsweep.target.IpLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the system's resolver answers for the reverse lookup of a loopback address on this machine, read
 * from /etc/hosts by this test code of its own (the system's resolver itself is never asked: it could ask
 * the configured DNS server): the first name of the first line listing the address, else {@code localhost}
 * for 127.0.0.1 and ::1.
 */
final class SystemHosts {
    private SystemHosts() {}

    static Optional<String> expectedName(String literal) throws IOException {
        InetAddress address = IpLiterals.parse(literal);
        Path hosts = Path.of("/etc/hosts");
        List<String> lines = Files.isReadable(hosts) ? Files.readAllLines(hosts, StandardCharsets.ISO_8859_1) : List.of();
        for (String line : lines) {
            String[] fields = line.replaceAll("#.*", "").strip().split("\\s+");
            if (fields.length >= 2 && IpLiterals.parseScoped(fields[0]).filter(address::equals).isPresent()) {
                return Optional.of(fields[1]);
            }
        }
        return literal.equals("127.0.0.1") || literal.equals("::1") ? Optional.of("localhost") : Optional.empty();
    }
}
