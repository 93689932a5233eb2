package io.netsweep.mcpserver;

import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.Protocol;
import io.netsweep.scan.ScanEvent;
import io.netsweep.service.ServiceReport;
import io.netsweep.store.ScanReplay;
import io.netsweep.store.StoredScan;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The findings of a stored scan: those its scan raised (the {@code finding} events every output shows: AI/ML
 * services and MCP servers open to anyone, versions that known advisories name, with their CVEs), read back from
 * the store by replaying it ({@link ScanReplay}), each with what service detection said of its port. Stateless.
 */
final class Findings {
    private Findings() {}

    /**
     * One finding.
     *
     * @param id       the rule that raised it ({@code llm-api-no-auth}, {@code vuln:CVE-...}, ...)
     * @param severity {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical}
     * @param protocol the port's, {@code tcp} or {@code udp}
     * @param product  the product service detection named on the port, if any (null otherwise), and so on
     */
    record Finding(String id, String severity, String address, int port, String protocol, String title, String detail,
                   List<String> cves, List<String> references, String product, String version, String auth,
                   List<String> models) {}

    record Report(long scan_id, String status, int count, List<Finding> findings, List<String> covers) {}

    /** What the findings cover, for an agent that wonders why a port it knows is not listed. */
    static final List<String> COVERS = List.of("AI/ML services and MCP servers that answer without credentials",
            "versions named by the known advisories netsweep ships");

    static Report of(StoredScan scan) {
        List<Finding> out = new ArrayList<>();
        Map<String, ServiceReport> services = new HashMap<>();
        ScanReplay.replay(scan, event -> {
            switch (event) {
                case ScanEvent.ServiceIdentified s -> services.put(key(s.address(), s.protocol(), s.port()), s.report());
                case ScanEvent.FindingRaised f -> {
                    ServiceReport r = services.get(key(f.address(), f.protocol(), f.port()));
                    ServiceIdentity ai = r == null ? null : r.ai().orElse(null);
                    out.add(new Finding(f.finding().id(), f.finding().severity().label(), Views.address(f.address()),
                            f.port(), f.protocol().label(), f.finding().title(), f.finding().detail(), f.finding().cves(),
                            f.finding().references(), r == null ? null : r.product().orElse(null),
                            r == null ? null : r.version().orElse(null), ai == null ? null : ai.auth().label(),
                            ai == null ? List.of() : ai.models()));
                }
                default -> { }
            }
        });
        return new Report(scan.entry().id(), scan.entry().status().name().toLowerCase(Locale.ROOT), out.size(), out,
                COVERS);
    }

    private static String key(InetAddress address, Protocol protocol, int port) {
        return address.getHostAddress() + " " + port + "/" + protocol.label();
    }
}
