package io.netsweep.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP lab of real Debian daemons ({@code lab/udp-services.sh}): one target host in a namespace with dnsmasq,
 * chronyd, snmpd, miniupnpd and avahi-daemon, nftables dropping some ports, every other port closed under the
 * kernel's default ICMP rate limit, and a scanner namespace with no route out. Named after the JVM's pid, torn down
 * on {@link #close} (and by a shutdown hook if the JVM ends first). Not thread-safe.
 */
public final class UdpServiceLab implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    private final LabRun lab;
    private final JsonNode truth;

    private UdpServiceLab(LabRun lab, JsonNode truth) {
        this.lab = lab;
        this.truth = truth;
    }

    /** Builds the lab; skips (or in CI fails) where it cannot: not root, or a daemon not installed. */
    public static UdpServiceLab start() {
        Path script = LabNetwork.projectDir().resolve("lab/udp-services.sh");
        Prerequisites.require(LabNetwork.isRoot(), "the UDP service lab needs root (network namespaces)");
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/python3", "/usr/sbin/dnsmasq",
                "/usr/sbin/snmpd", "/usr/sbin/miniupnpd", "/usr/sbin/avahi-daemon")) {
            Prerequisites.require(Files.isExecutable(Path.of(tool)), "the UDP service lab needs " + tool
                    + " (.ci/run installs it)");
        }
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/chronyd"))
                || Files.isExecutable(Path.of("/opt/netsweep-lab/chrony/usr/sbin/chronyd")),
                "the UDP service lab needs chronyd (.ci/run unpacks it into /opt/netsweep-lab/chrony)");
        String name = "nu" + Long.toString(ProcessHandle.current().pid(), 36) + COUNTER.incrementAndGet();
        LabRun lab = LabRun.up(script, name, UP_TIMEOUT);
        try {
            return new UdpServiceLab(lab, new ObjectMapper().readTree(Files.readString(lab.truthFile())));
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * The ground truth: {@code target}, {@code open} (port, service, product, version as the daemon reports itself;
     * snmpd's {@code kernel}, avahi's {@code host} and {@code services}), {@code dropped}; every other port closed.
     */
    public JsonNode truth() {
        return truth;
    }

    /** Starts {@code cmd} inside the scanner namespace; stderr goes to stdout. */
    public Process runInScanner(List<String> cmd) {
        return LabRun.inNamespace(truth.get("scanner_namespace").asText(), cmd);
    }

    /** Tears the lab down. Idempotent. */
    @Override
    public void close() {
        lab.close();
    }
}
