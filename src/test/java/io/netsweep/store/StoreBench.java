package io.netsweep.store;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store's benchmarks (bench/store runs this): a diff of two stored scans of 65,536 hosts x top-100 ports,
 * {@code hosts} over 100 stored scans of a /24, and the size of those 100 scans with top-1000 ports. The scans
 * are written through the store's own writer (synthetic results: every host up, three open ports, one changed
 * between scans; two identified services per host, one host in eight upgraded between scans; a finding on one
 * host in 32), into a database in the given directory. Prints one line per measurement.
 *
 * <p>With a second argument {@code diff}, only the diff is measured, over {@code diff.db} in the directory (written
 * first if it is not there yet), so a profiler sees the diff alone and repeated runs skip the writes; a third
 * argument is the number of runs (7). With {@code silent}, only what a {@code -Pn} scan of a silent /16 costs the
 * store's thread ({@link #silent}).
 */
public final class StoreBench {
    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path cache = StoreFixture.cache();
        boolean diffOnly = args.length > 1 && args[1].equals("diff");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        if (args.length > 1 && args[1].equals("silent")) {
            silent(dir, cache, runs);
            return;
        }
        if (args.length > 1 && args[1].equals("silent-pg")) {
            silentPostgres(runs);
            return;
        }
        Path diffDb = dir.resolve("diff.db");
        boolean written = diffOnly && Files.exists(diffDb);
        SqliteScanStore big = SqliteScanStore.open(diffDb, cache, InstantSource.system());
        long a;
        long b;
        if (written) {
            List<ScanEntry> scans = big.history();
            a = scans.stream().mapToLong(ScanEntry::id).min().orElseThrow();
            b = scans.stream().mapToLong(ScanEntry::id).max().orElseThrow();
        } else {
            long t0 = System.nanoTime();
            a = write(big, 256, 256, "10.1.0.0-10.1.255.255", "1-100", 0, Instant.parse("2026-12-01T00:00:00Z"));
            b = write(big, 256, 256, "10.1.0.0-10.1.255.255", "1-100", 1, Instant.parse("2026-12-02T00:00:00Z"));
            System.out.printf("write 2 scans x 65,536 hosts: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
        double[] diff = new double[runs];
        double[] loads = new double[runs];
        double[] cpu = new double[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int changes = 0;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            if (!diffOnly) {
                big.load(a).orElseThrow();
                big.load(b).orElseThrow();
            }
            loads[i] = (System.nanoTime() - s) / 1e6;
            long d0 = System.nanoTime();
            long c0 = process.getProcessCpuTime();
            ScanDiff d = big.diff(a, b);
            diff[i] = (System.nanoTime() - d0) / 1e6;
            cpu[i] = (process.getProcessCpuTime() - c0) / 1e6;
            changes = d.changes().size();
        }
        System.out.printf("diff 65,536 hosts x top-100 (ScanStore.diff: read both + compare, %d changes): median %.0f ms"
                + " (runs %s; CPU time of the process (both readers, GC): median %.0f ms%s)%n", changes, median(diff),
                Arrays.toString(round(diff)), median(cpu), diffOnly ? ""
                        : String.format("; for comparison, loading both scans whole: median %.0f ms", median(loads)));
        if (diffOnly) {
            return;
        }

        Path lanDb = dir.resolve("lan.db");
        SqliteScanStore lan = SqliteScanStore.open(lanDb, cache, InstantSource.system());
        for (int i = 0; i < 100; i++) {
            write(lan, 1, 254, "10.2.0.1-10.2.0.254", "1-1000", i, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(3600L * i));
        }
        double[] hosts = new double[runs];
        int listed = 0;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            listed = lan.hosts(HostQuery.ALL).size();
            hosts[i] = (System.nanoTime() - s) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        System.out.printf("hosts over 100 scans of a /24 (%d hosts): median %.0f ms (runs %s; CPU time: median %.0f ms)%n",
                listed, median(hosts), Arrays.toString(round(hosts)), median(cpu));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lanDb); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        System.out.printf("size of 100 scans of a /24, top-1000 ports, 3 open per host: %.2f MB%n",
                Files.size(lanDb) / 1e6);
    }

    /** A scan of {@code blocks x perBlock} hosts, each up with three open ports, the third moved by {@code round}. */
    private static long write(ScanStore store, int blocks, int perBlock, String key, String ports, int round,
                              Instant at) throws Exception {
        ScanHeader h = new ScanHeader("cli", "netsweep bench", key, key, (long) blocks * perBlock, ports,
                Optional.of("icmp-raw"), at);
        try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
            List<Observation> batch = new ArrayList<>();
            long up = 0;
            for (int x = 0; x < blocks; x++) {
                for (int y = 0; y < perBlock; y++) {
                    InetAddress ip = InetAddress.getByAddress(blocks > 1 ? new byte[] {10, 1, (byte) x, (byte) y}
                            : new byte[] {10, 2, 0, (byte) (y + 1)});
                    String mac = String.format("02:00:00:%02x:%02x:%02x", blocks > 1 ? 1 : 2, x, y);
                    batch.add(new Observation.HostSeen(ip, true, Optional.of("arp"), Optional.empty(),
                            Optional.of(mac), Optional.of("Acme")));
                    for (int port : new int[] {22, 80, 8000 % 100 + 1 + (round + x + y) % 50}) {
                        batch.add(new Observation.PortSeen(ip, port, PortState.OPEN, "svc", "syn-ack", Optional.empty()));
                    }
                    // What service detection and the AI preset store: two services per host, one in eight
                    // upgraded between rounds; a finding on one host in 32, raised or gone with that upgrade.
                    boolean upgraded = round > 0 && (x + y) % 8 == 0;
                    String sshVersion = upgraded ? "9.6p1" : "9.2p1";
                    batch.add(service(ip, 22, "ssh", "OpenSSH", sshVersion));
                    batch.add(service(ip, 80, "http", "nginx", "1.22.1"));
                    if ((x + y) % 32 == 0 && !upgraded) {
                        batch.add(new Observation.FindingSeen(ip, 22, "vuln:CVE-2024-6387", "high",
                                "OpenSSH signal handler race (regreSSHion)", Optional.of("CVE-2024-6387"),
                                "{\"type\":\"finding\",\"ip\":\"" + ip.getHostAddress() + "\",\"port\":22,"
                                        + "\"id\":\"vuln:CVE-2024-6387\",\"severity\":\"high\"}"));
                    }
                    batch.add(new Observation.NameSeen(ip, Optional.of("h" + x + "-" + y + ".lan"), "ok"));
                    batch.add(new Observation.HostDone(ip, new PortCounts(0, 97, 0)));
                    up++;
                    if (batch.size() >= ScanRecorder.MAX_BATCH) {
                        w.write(batch);
                        batch.clear();
                    }
                }
            }
            batch.add(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(60), up, up * 3,
                    OptionalLong.of(up * 100)));
            w.write(batch);
            return w.scanId();
        }
    }

    /**
     * What {@code -Pn} against a /16 of silent addresses stores: every address reported up (by the user) with its
     * one port filtered and not shown, written as the store's thread writes it (batches of
     * {@link ScanRecorder#MAX_BATCH}); a first scan into a fresh database (every host new to the inventory), then a
     * second scan of the same addresses into it (every host known). Reports the writing thread's CPU time.
     */
    private static void silent(Path dir, Path cache, int runs) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] first = new double[runs];
        double[] second = new double[runs];
        for (int i = 0; i < runs; i++) {
            Path db = dir.resolve("silent-" + i + ".db");
            try (SqliteScanStore store = SqliteScanStore.open(db, cache, InstantSource.system())) {
                long c0 = threads.getCurrentThreadCpuTime();
                silentScan(store, Instant.parse("2026-12-01T00:00:00Z"));
                first[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                c0 = threads.getCurrentThreadCpuTime();
                silentScan(store, Instant.parse("2026-12-02T00:00:00Z"));
                second[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            Files.deleteIfExists(db);
        }
        System.out.printf("-Pn /16 silent, the store thread's CPU: first scan (65,536 new hosts) median %.0f ms"
                + " (runs %s); second scan (every host known) median %.0f ms (runs %s)%n", median(first),
                Arrays.toString(round(first)), median(second), Arrays.toString(round(second)));
    }

    /**
     * {@link #silent} into PostgreSQL (a server of its own, {@link io.netsweep.testing.PostgresServer}, a new database
     * per run): the writing thread's CPU and the wall time of each scan's writes.
     */
    private static void silentPostgres(int runs) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[2][runs];
        double[][] wall = new double[2][runs];
        try (io.netsweep.testing.PostgresServer server = io.netsweep.testing.PostgresServer.startOwn()) {
            for (int i = 0; i < runs; i++) {
                String url = server.url(server.newDatabase());
                try (JdbcScanStore store = PostgresScanStore.open(PostgresUrl.parse(url), v -> null,
                        InstantSource.system())) {
                    for (int scan = 0; scan < 2; scan++) {
                        long w0 = System.nanoTime();
                        long c0 = threads.getCurrentThreadCpuTime();
                        silentScan(store, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(86_400L * scan));
                        cpu[scan][i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                        wall[scan][i] = (System.nanoTime() - w0) / 1e6;
                    }
                }
            }
        }
        System.out.printf("-Pn /16 silent into PostgreSQL: first scan (65,536 new hosts) the store thread's CPU median"
                + " %.0f ms (runs %s), wall median %.0f ms (runs %s); second scan (every host known) CPU median %.0f ms"
                + " (runs %s), wall median %.0f ms (runs %s)%n", median(cpu[0]), Arrays.toString(round(cpu[0])),
                median(wall[0]), Arrays.toString(round(wall[0])), median(cpu[1]), Arrays.toString(round(cpu[1])),
                median(wall[1]), Arrays.toString(round(wall[1])));
    }

    private static void silentScan(ScanStore store, Instant at) throws Exception {
        String key = "10.3.0.0-10.3.255.255";
        ScanHeader h = new ScanHeader("cli", "netsweep -Pn -p 80 10.3.0.0/16", key, key, 65_536, "80",
                Optional.empty(), at);
        try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
            List<Observation> batch = new ArrayList<>();
            for (int x = 0; x < 256; x++) {
                for (int y = 0; y < 256; y++) {
                    InetAddress ip = InetAddress.getByAddress(new byte[] {10, 3, (byte) x, (byte) y});
                    batch.add(new Observation.HostSeen(ip, true, Optional.of("user-set"), Optional.empty(),
                            Optional.empty(), Optional.empty()));
                    batch.add(new Observation.HostDone(ip, new PortCounts(0, 0, 1)));
                    if (batch.size() >= ScanRecorder.MAX_BATCH) {
                        w.write(batch);
                        batch.clear();
                    }
                }
            }
            batch.add(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(10), 65_536, 0,
                    OptionalLong.of(65_536)));
            w.write(batch);
        }
    }

    private static Observation.ServiceSeen service(InetAddress ip, int port, String name, String product,
                                                  String version) {
        String json = "{\"type\":\"service\",\"ip\":\"" + ip.getHostAddress() + "\",\"port\":" + port
                + ",\"service\":\"" + name + "\",\"product\":\"" + product + "\",\"version\":\"" + version
                + "\",\"confidence\":\"high\",\"cpe\":[\"cpe:/a:" + product.toLowerCase(java.util.Locale.ROOT)
                + ":" + product.toLowerCase(java.util.Locale.ROOT) + ":" + version + "\"]}";
        return new Observation.ServiceSeen(ip, port, Observation.ServiceSeen.IDENTIFY, Optional.of(name),
                Optional.of(product), Optional.of(version), Optional.empty(), json);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
