package io.netsweep.web;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.store.Observation;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanHeader;
import io.netsweep.store.ScanStatus;
import io.netsweep.store.ScanStore;
import io.netsweep.store.ScanWriter;
import io.netsweep.store.SqliteScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocations;
import io.netsweep.target.IpLiterals;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Real SQLite stores for the web tests, with scans written through the store's own writer: two scans of
 * the same small network, a day apart, with every kind of change between them that the page marks, and
 * names, vendors and products an attacker would choose.
 */
public final class StoredScans {
    /** Text from the network trying to become markup in the page. */
    public static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
    static final Instant FIRST = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant SECOND = Instant.parse("2026-12-02T10:00:00Z");

    private StoredScans() {}

    static Path cache() {
        return StoreLocations.cacheHome(System::getenv);
    }

    static SqliteScanStore open(Path db) throws StoreException {
        return SqliteScanStore.open(db, cache(), InstantSource.system());
    }

    public static ScanArchive archive(Path db) {
        return new ScanArchive(() -> open(db), InstantSource.system());
    }

    /**
     * Writes the two scans of 10.9.0.1-6 (ports 22, 80, 443) into {@code db}; returns their ids, older
     * first. Between them: 10.9.0.1 closed 80 and opened 443, 10.9.0.2's SSH went from 9.2p1 to 9.3p1,
     * 10.9.0.3 (hostile name) went away, 10.9.0.5 (hostile name and product) came up; 10.9.0.4 stayed
     * as it was.
     */
    public static long[] writeTwo(Path db) throws StoreException {
        try (ScanStore store = open(db)) {
            Scan a = new Scan(FIRST)
                    .host("10.9.0.1", "02:00:00:00:09:01", "Acme").name("10.9.0.1", "alpha.lab")
                    .port("10.9.0.1", 22, "ssh").port("10.9.0.1", 80, "http")
                    .host("10.9.0.2", "02:00:00:00:09:02", "Acme").name("10.9.0.2", "beta.lab")
                    .port("10.9.0.2", 22, "ssh").product("10.9.0.2", 22, "OpenSSH", "9.2p1")
                    .host("10.9.0.3", null, null).name("10.9.0.3", HOSTILE + ".gone.lab").port("10.9.0.3", 443, "https")
                    .host("10.9.0.4", "02:00:00:00:09:04", HOSTILE).name("10.9.0.4", "delta.lab")
                    .port("10.9.0.4", 22, "ssh");
            Scan b = new Scan(SECOND)
                    .host("10.9.0.1", "02:00:00:00:09:01", "Acme").name("10.9.0.1", "alpha.lab")
                    .port("10.9.0.1", 22, "ssh").port("10.9.0.1", 443, "https")
                    .host("10.9.0.2", "02:00:00:00:09:02", "Acme").name("10.9.0.2", "beta.lab")
                    .port("10.9.0.2", 22, "ssh").product("10.9.0.2", 22, "OpenSSH", "9.3p1")
                    .host("10.9.0.4", "02:00:00:00:09:04", HOSTILE).name("10.9.0.4", "delta.lab")
                    .port("10.9.0.4", 22, "ssh")
                    .host("10.9.0.5", null, null).name("10.9.0.5", HOSTILE + ".new.lab")
                    .port("10.9.0.5", 8080, "http-proxy").product("10.9.0.5", 8080, HOSTILE, "6.6.6");
            return new long[] {a.write(store), b.write(store)};
        }
    }

    /**
     * Writes two scans of 10.9.0.1-6 (TCP 22, 53 and UDP 53, 161) into {@code db}; returns their ids, older first.
     * The first finds 10.9.0.1 with 53/tcp open and 10.9.0.2 with 22/tcp open; the second finds them as they were
     * and 10.9.0.6 (a hostile name) come up with 53/udp and 161/udp open and nothing open on TCP.
     */
    public static long[] writeTwoWithUdp(Path db) throws StoreException {
        try (ScanStore store = open(db)) {
            Scan a = new Scan(FIRST).udp()
                    .host("10.9.0.1", "02:00:00:00:09:01", "Acme").port("10.9.0.1", 53, "domain")
                    .host("10.9.0.2", "02:00:00:00:09:02", "Acme").port("10.9.0.2", 22, "ssh");
            Scan b = new Scan(SECOND).udp()
                    .host("10.9.0.1", "02:00:00:00:09:01", "Acme").port("10.9.0.1", 53, "domain")
                    .host("10.9.0.2", "02:00:00:00:09:02", "Acme").port("10.9.0.2", 22, "ssh")
                    .host("10.9.0.6", null, null).name("10.9.0.6", HOSTILE + ".udp.lab")
                    .udpPort("10.9.0.6", 53, "domain").udpPort("10.9.0.6", 161, "snmp");
            return new long[] {a.write(store), b.write(store)};
        }
    }

    /** One scan's observations, written as a finished scan of 10.9.0.1-6. */
    static final class Scan {
        private final List<Observation> observations = new ArrayList<>();
        private final List<String> hosts = new ArrayList<>();
        private final Instant at;
        private long open;
        String targets = "10.9.0.1-6";
        String key = "10.9.0.1-10.9.0.6";
        String ports = "22,80,443,8080";

        Scan(Instant at) {
            this.at = at;
        }

        /** A scan of TCP 22 and 53 and UDP 53 and 161 ({@code -sS -sU}). */
        Scan udp() {
            ports = "22,53,U:53,161";
            return this;
        }

        Scan host(String address, String mac, String vendor) {
            observations.add(new Observation.HostSeen(IpLiterals.parse(address), true, Optional.of("arp-response"),
                    Optional.empty(), Optional.ofNullable(mac), Optional.ofNullable(vendor)));
            hosts.add(address);
            return this;
        }

        Scan name(String address, String name) {
            observations.add(new Observation.NameSeen(IpLiterals.parse(address), Optional.of(name), "ok"));
            return this;
        }

        Scan port(String address, int port, String service) {
            observations.add(new Observation.PortSeen(IpLiterals.parse(address), port, PortState.OPEN, service,
                    "syn-ack", Optional.empty()));
            open++;
            return this;
        }

        /** An open UDP port (a datagram answered). */
        Scan udpPort(String address, int port, String service) {
            observations.add(new Observation.PortSeen(IpLiterals.parse(address), port, PortState.OPEN, service,
                    "udp-response", Optional.empty(), Protocol.UDP));
            open++;
            return this;
        }

        Scan product(String address, int port, String product, String version) {
            String json = ApiClient.JSON.createObjectNode().put("type", "service").put("ip", address)
                    .put("port", port).put("product", product).put("version", version).put("service", "ssh")
                    .put("method", "probed").put("confidence", 10).put("evidence", "test").toString();
            observations.add(new Observation.ServiceSeen(IpLiterals.parse(address), port,
                    Observation.ServiceSeen.IDENTIFY, Optional.of("ssh"), Optional.of(product), Optional.of(version),
                    Optional.empty(), json));
            return this;
        }

        long write(ScanStore store) throws StoreException {
            ScanHeader h = new ScanHeader("cli", "netsweep -p " + ports + " " + targets, targets, key, 6, ports,
                    Optional.of("arp"), at);
            try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
                List<Observation> all = new ArrayList<>(observations);
                for (String host : hosts) {
                    all.add(new Observation.HostDone(IpLiterals.parse(host), new PortCounts(0, 3, 0)));
                }
                all.add(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(4),
                        hosts.size(), open, OptionalLong.of(24)));
                w.write(all);
                return w.scanId();
            }
        }
    }
}
