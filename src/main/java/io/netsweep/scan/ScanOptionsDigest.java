package io.netsweep.scan;

import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * A digest of the options of a {@link ScanRequest} that decide its results, so that the parts of a sharded scan
 * can be checked to be parts of one scan: the addresses (not how they were written), the ports, discovery, the
 * scans asked for ({@code -sS}/{@code -sT}, and {@code -sU} with its UDP ports), what is reported ({@code --show}), service detection and its deadline,
 * reverse DNS and its servers, and the timing that changes verdicts (probe timeouts and retries). Left out:
 * the seed and the shard (recorded beside it), output files, the command line's spelling, and concurrency and
 * rate, which change speed only. Stateless.
 */
public final class ScanOptionsDigest {
    private ScanOptionsDigest() {}

    /** Lowercase hex SHA-256 of the canonical text of the request's result-deciding options. */
    public static String of(ScanRequest r) {
        ScanTiming t = r.timing();
        String text = String.join("\n",
                "targets=" + r.targets().digest(),
                "ports=" + r.ports(),
                "discovery=" + r.discovery(),
                "method=" + r.method(),
                "timeouts=" + t.initialTimeout().toNanos() + "," + t.minTimeout().toNanos() + ","
                        + t.maxTimeout().toNanos() + "," + t.adaptive(),
                "retries=" + t.retries(),
                "report=" + r.reportStates().stream().map(PortState::name).sorted().collect(Collectors.joining(","))
                        + (r.reportDownHosts() ? ",DOWN" : ""),
                "identify=" + r.identify() + "," + r.detectOptions().portDeadline().toNanos(),
                "dns=" + r.dnsMode() + "," + r.dnsTimeout().toNanos() + ","
                        + r.dnsServers().stream().map(InetSocketAddress::toString).collect(Collectors.joining(",")))
                // The UDP scan only when there is one, so that a TCP scan's digest stays what earlier netsweeps wrote.
                + (r.udpPorts().isEmpty() ? "" : "\nudp=" + r.udpPorts() + "\nscans=" + (r.ports().isEmpty() ? "" : "tcp,")
                        + "udp");
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
