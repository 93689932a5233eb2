package io.netsweep.store;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.IpLiterals;
import io.netsweep.testing.PostgresServer;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Real stores for tests: SQLite files in a test's directory, PostgreSQL databases on the test JVM's real server
 * ({@link PostgresServer}), and scans written into them through the store's own writer.
 */
final class StoreFixture {
    private StoreFixture() {}

    /** The store of {@code dir} in {@code backend}, opened (and made, where new) as netsweep opens it. */
    static JdbcScanStore open(StoreDatabases databases, StoreBackend backend, Path dir) throws StoreException {
        return switch (backend) {
            case SQLITE -> open(dir);
            case POSTGRESQL -> PostgresScanStore.open(PostgresUrl.parse(databases.location(backend, dir)), v -> null,
                    InstantSource.system());
        };
    }

    static SqliteScanStore open(Path dir) throws StoreException {
        return SqliteScanStore.open(dir.resolve("netsweep.db"), cache(), InstantSource.system());
    }

    static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return Path.of(xdg != null ? xdg : System.getProperty("java.io.tmpdir"));
    }

    static InetAddress ip(String s) {
        return IpLiterals.parse(s);
    }

    /** Builds one scan's observations. */
    static final class ScanBuilder {
        final List<Observation> observations = new ArrayList<>();
        String targets = "10.0.0.0/24";
        String key = "10.0.0.1-10.0.0.254";
        String ports = "1-65535";
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        long up;
        long open;

        ScanBuilder host(String address, String mac) {
            observations.add(new Observation.HostSeen(ip(address), true, Optional.of("arp"), Optional.empty(),
                    Optional.ofNullable(mac), Optional.empty()));
            up++;
            return this;
        }

        ScanBuilder port(String address, int port, String service) {
            observations.add(new Observation.PortSeen(ip(address), port, PortState.OPEN, service, "syn-ack",
                    Optional.empty()));
            open++;
            return this;
        }

        ScanBuilder name(String address, String name) {
            observations.add(new Observation.NameSeen(ip(address), Optional.ofNullable(name),
                    name == null ? "nxdomain" : "ok"));
            return this;
        }

        ScanBuilder product(String address, int port, String product, String version, String auth) {
            observations.add(new Observation.ServiceSeen(ip(address), port, Observation.ServiceSeen.IDENTIFY,
                    Optional.empty(), Optional.of(product), Optional.ofNullable(version),
                    Optional.of("auth " + auth + "; llm-server"), "{\"type\":\"service\",\"product\":\"" + product
                    + "\",\"version\":" + (version == null ? "null" : "\"" + version + "\"")
                    + ",\"category\":\"llm-server\",\"auth\":\"" + auth + "\",\"models\":[],\"evidence\":\"test\"}"));
            return this;
        }

        ScanBuilder finding(String address, int port, String id, String severity, String title) {
            observations.add(new Observation.FindingSeen(ip(address), port, id, severity, title, Optional.empty(),
                    "{\"type\":\"finding\",\"id\":\"" + id + "\",\"severity\":\"" + severity + "\"}"));
            return this;
        }

        ScanBuilder done(String address, int closed) {
            observations.add(new Observation.HostDone(ip(address), new PortCounts(0, closed, 0)));
            return this;
        }

        long write(ScanStore store) throws StoreException {
            ScanHeader h = new ScanHeader("cli", "netsweep " + targets, targets, key, 254, ports, Optional.of("icmp-raw"), at);
            try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
                List<Observation> all = new ArrayList<>(observations);
                all.add(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(5), up, open,
                        OptionalLong.of(1000)));
                w.write(all);
                return w.scanId();
            }
        }
    }
}
