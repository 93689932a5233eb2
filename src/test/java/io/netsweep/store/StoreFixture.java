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

    /**
     * Writes a scan as netsweep 1 did, in plain SQL with the columns every schema version has (V1's), so that tests of
     * migrations can fill a database of any earlier version without the product writing old schemas: one finished
     * scan of 10.0.0.5 (MAC {@code 02:00:00:00:00:05}, ARP) with 22/tcp open and 999 closed ports not shown.
     *
     * @return the scan's id
     */
    static long writeAsAnOldNetsweep(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO scan (source, command, targets, target_key, target_count, ports, discovery,"
                    + " started_at, ended_at, status, hosts_up, open_ports) VALUES ('cli', 'netsweep -p 22 10.0.0.5',"
                    + " '10.0.0.5', '10.0.0.5', 1, '22', 'none', 1000, 2000, 'finished', 1, 1)");
            long scan;
            try (java.sql.ResultSet r = s.executeQuery("SELECT max(id) FROM scan")) {
                r.next();
                scan = r.getLong(1);
            }
            s.executeUpdate("INSERT INTO host (mac, address, seen) VALUES ('02:00:00:00:00:05', '10.0.0.5', " + scan + ")");
            s.executeUpdate("INSERT INTO scan_host (scan_id, seq, host_id, address, state, reason, completed, not_closed)"
                    + " VALUES (" + scan + ", 0, (SELECT max(id) FROM host), '10.0.0.5', 'up', 'arp', 1, 999)");
            s.executeUpdate("INSERT INTO scan_port (scan_id, seq, port, state, service, reason) VALUES (" + scan
                    + ", 0, 22, 'open', 'ssh', 'syn-ack')");
            return scan;
        }
    }

    /** Something done before each transaction a writer is given: counted, held back. */
    interface BeforeWrite {
        void run() throws Exception;
    }

    /**
     * The real {@code store}, {@code beforeWrite} run before each transaction its writers are given ({@link
     * ScanWriter#write}): to count the transactions, or to make the store slow.
     */
    static ScanStore beforeEachWrite(ScanStore store, BeforeWrite beforeWrite) {
        return (ScanStore) java.lang.reflect.Proxy.newProxyInstance(ScanStore.class.getClassLoader(),
                new Class<?>[] {ScanStore.class}, (proxy, method, args) -> {
                    Object result = invoke(store, method, args);
                    if (method.getName().equals("begin")) {
                        ScanWriter writer = (ScanWriter) result;
                        return java.lang.reflect.Proxy.newProxyInstance(ScanWriter.class.getClassLoader(),
                                new Class<?>[] {ScanWriter.class}, (p, m, a) -> {
                                    if (m.getName().equals("write")) {
                                        beforeWrite.run();
                                    }
                                    return invoke(writer, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
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
