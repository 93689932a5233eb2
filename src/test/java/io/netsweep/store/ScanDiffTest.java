package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static io.netsweep.store.StoreFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.portscan.PortState;
import io.netsweep.store.StoreFixture.ScanBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of change between two scans stored in a real store (SQLite and PostgreSQL), and what is not a change. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ScanDiffTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    /** The store's diff, which reads only what it compares, checked against the diff of both scans loaded whole. */
    private ScanDiff diff(ScanBuilder older, ScanBuilder newer) throws StoreException {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long a = older.write(store);
        long b = newer.write(store);
        ScanDiff read = store.diff(a, b);
        assertThat(read).isEqualTo(ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow()));
        return read;
    }

    @Test
    void theStoresDiffIsTheDiffOfBothScansLoadedWhole() throws StoreException {
        // Down hosts, closed and filtered ports, two detectors on a port, a service without a product, IPv6.
        ScanBuilder older = new ScanBuilder()
                .host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 22, "ssh").port("10.0.0.5", 80, "http")
                .port("10.0.0.5", 443, "https").product("10.0.0.5", 80, "Ollama", "0.5.7", "none")
                .name("10.0.0.5", "a.lan").done("10.0.0.5", 997)
                .host("fd00::1:5", null).port("fd00::1:5", 8080, "http-alt").done("fd00::1:5", 999)
                .host("10.0.0.200", null).port("10.0.0.200", 9000, "unknown").done("10.0.0.200", 999);
        older.observations.add(new Observation.HostSeen(ip("10.0.0.6"), false, Optional.of("no-response"),
                Optional.empty(), Optional.empty(), Optional.empty()));
        older.key = "10.0.0.1-10.0.0.254,fd00::1:5";
        ScanBuilder newer = new ScanBuilder()
                .host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 22, "ssh").port("10.0.0.5", 80, "http")
                .product("10.0.0.5", 80, "Ollama", "0.6.0", "none").name("10.0.0.5", null).done("10.0.0.5", 998)
                .host("fd00::1:5", null).done("fd00::1:5", 1000)
                .host("10.0.0.6", null).port("10.0.0.6", 11434, "unknown")
                .product("10.0.0.6", 11434, "Ollama", "0.6.0", "none").done("10.0.0.6", 999)
                .host("10.0.0.200", null).port("10.0.0.200", 9000, "unknown").done("10.0.0.200", 999);
        newer.observations.add(new Observation.PortSeen(ip("10.0.0.5"), 443, PortState.FILTERED, "https",
                "no-response", Optional.empty()));
        newer.observations.add(new Observation.ServiceSeen(ip("10.0.0.200"), 9000, Observation.ServiceSeen.NMAP,
                Optional.of("cslistener"), Optional.empty(), Optional.empty(), Optional.empty(), "{}"));
        newer.observations.add(new Observation.ServiceSeen(ip("10.0.0.5"), 80, Observation.ServiceSeen.NMAP,
                Optional.of("http"), Optional.of("nginx"), Optional.of("1.22.1"), Optional.empty(), "{}"));
        newer.key = "10.0.0.1-10.0.0.254,fd00::1:5";
        assertThat(diff(older, newer).changes()).extracting(DiffFormat::line).containsExactly(
                "~ 10.0.0.5 hostname a.lan -> (none)",
                "~ 10.0.0.5 80/tcp Ollama 0.5.7 (auth none; llm-server) -> Ollama 0.6.0 (auth none; llm-server)",
                "- 10.0.0.5 443/tcp filtered https",
                "+ 10.0.0.6 host up; open 11434",
                "- fd00::1:5 8080/tcp closed http-alt");
    }

    @Test
    void identicalScansHaveNoChanges() throws StoreException {
        ScanBuilder s = new ScanBuilder().host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 22, "ssh")
                .name("10.0.0.5", "a.lan").done("10.0.0.5", 999);
        ScanBuilder t = new ScanBuilder().host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 22, "ssh")
                .name("10.0.0.5", "a.lan").done("10.0.0.5", 999);
        assertThat(diff(s, t).changes()).isEmpty();
    }

    @Test
    void everyKindOfChangeIsReported() throws StoreException {
        ScanBuilder older = new ScanBuilder()
                .host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").port("10.0.0.5", 23, "telnet")
                .port("10.0.0.5", 11434, "unknown").product("10.0.0.5", 11434, "Ollama", "0.5.7", "none")
                .name("10.0.0.5", "old.lan").done("10.0.0.5", 997)
                .host("10.0.0.9", null).done("10.0.0.9", 1000)
                .host("10.0.0.20", "02:00:00:00:00:20").done("10.0.0.20", 1000)
                .host("10.0.0.30", "02:00:00:00:00:30").done("10.0.0.30", 1000);
        ScanBuilder newer = new ScanBuilder()
                .host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").port("10.0.0.5", 8080, "http-alt")
                .port("10.0.0.5", 11434, "unknown").product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .name("10.0.0.5", "new.lan").done("10.0.0.5", 997)
                .host("10.0.0.7", null).port("10.0.0.7", 80, "http").done("10.0.0.7", 999)
                .host("10.0.0.21", "02:00:00:00:00:20").done("10.0.0.21", 1000)
                .host("10.0.0.30", "02:00:00:00:00:31").done("10.0.0.30", 1000);
        List<Change> changes = diff(older, newer).changes();
        assertThat(changes).containsExactly(
                new Change.HostnameChanged(ip("10.0.0.5"), Optional.of("old.lan"), Optional.of("new.lan")),
                new Change.PortClosed(ip("10.0.0.5"), 23, "telnet", "closed"),
                new Change.PortOpened(ip("10.0.0.5"), 8080, "http-alt", Optional.empty(), Optional.empty()),
                new Change.ServiceChanged(ip("10.0.0.5"), 11434, "Ollama 0.5.7 (auth none; llm-server)",
                        "Ollama 0.6.0 (auth none; llm-server)"),
                new Change.HostAppeared(ip("10.0.0.7"), Optional.empty(), Optional.empty(), List.of(80)),
                new Change.HostGone(ip("10.0.0.9"), Optional.empty(), Optional.empty()),
                new Change.HostMoved(ip("10.0.0.20"), ip("10.0.0.21"), "02:00:00:00:00:20"),
                new Change.MacChanged(ip("10.0.0.30"), "02:00:00:00:00:30", "02:00:00:00:00:31"))
                .usingRecursiveFieldByFieldElementComparator();
    }

    @Test
    void aHostThatCameUpNamesItsOpenUdpPortsAsUdpInEveryForm() throws Exception {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 0);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 0)
                .host("10.0.0.7", null).port("10.0.0.7", 22, "ssh").done("10.0.0.7", 0);
        newer.observations.add(new Observation.PortSeen(ip("10.0.0.7"), 53, PortState.OPEN, "domain", "udp-response",
                Optional.empty(), io.netsweep.port.Protocol.UDP));
        older.key = "10.0.0.5-10.0.0.7";
        newer.key = older.key;
        older.ports = "22,U:53";
        newer.ports = older.ports;
        ScanDiff d = diff(older, newer);
        assertThat(d.changes()).extracting(DiffFormat::line).containsExactly("+ 10.0.0.7 host up; open 22,53/udp");
        java.io.StringWriter json = new java.io.StringWriter();
        DiffFormat.json(d, json);
        assertThat(json.toString()).contains("\"open_ports\":[22],\"open_udp_ports\":[53]");
        java.io.StringWriter csv = new java.io.StringWriter();
        DiffFormat.csv(d, csv);
        assertThat(csv.toString()).contains(",22;53/udp,");
    }

    @Test
    void authTurningOffIsAServiceChange() throws StoreException {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.5.7", "required").done("10.0.0.5", 999);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.5.7", "none").done("10.0.0.5", 999);
        assertThat(diff(older, newer).changes()).singleElement().isEqualTo(new Change.ServiceChanged(ip("10.0.0.5"),
                11434, "Ollama 0.5.7 (auth required; llm-server)", "Ollama 0.5.7 (auth none; llm-server)"));
    }

    @Test
    void portsAndHostsOutsideWhatTheOtherScanProbedAreNoChange() throws StoreException {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").done("10.0.0.5", 0);
        older.ports = "22";
        older.key = "10.0.0.5";
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 80, "http").done("10.0.0.5", 0)
                .host("10.0.0.6", null).done("10.0.0.6", 0);
        newer.ports = "80";
        newer.key = "10.0.0.5-10.0.0.6";
        // 22 was not probed by the newer scan, 80 not by the older; 10.0.0.6 was not a target of the older.
        assertThat(diff(older, newer).changes()).isEmpty();
    }

    @Test
    void aHostWhoseAddressTheNewScanDidNotCoverIsNotGone() throws StoreException {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 1000)
                .host("10.0.0.6", null).done("10.0.0.6", 1000);
        older.key = "10.0.0.5-10.0.0.6";
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 1000);
        newer.key = "10.0.0.5";
        assertThat(diff(older, newer).changes()).isEmpty();
    }

    @Test
    void aFindingRaisedOrGoneOnAPortBothScansIdentifiedIsAChange() throws StoreException {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null)
                .port("10.0.0.5", 11434, "unknown").product("10.0.0.5", 11434, "Ollama", "0.6.0", "required")
                .port("10.0.0.5", 5000, "upnp").product("10.0.0.5", 5000, "MLflow", "2.1.0", "none")
                .finding("10.0.0.5", 5000, "mlflow-no-auth", "high", "MLflow answers without credentials")
                .done("10.0.0.5", 998);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null)
                .port("10.0.0.5", 11434, "unknown").product("10.0.0.5", 11434, "Ollama", "0.6.0", "required")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .port("10.0.0.5", 5000, "upnp").product("10.0.0.5", 5000, "MLflow", "2.1.0", "none")
                .done("10.0.0.5", 998);
        assertThat(diff(older, newer).changes()).containsExactly(
                new Change.FindingGone(ip("10.0.0.5"), 5000, "mlflow-no-auth", "high",
                        "MLflow answers without credentials"),
                new Change.FindingRaised(ip("10.0.0.5"), 11434, "ollama-no-auth", "high",
                        "Ollama answers without authentication"));
    }

    @Test
    void theFindingsOfAPortThatOpenedOrAHostThatAppearedAreNew() throws StoreException {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").done("10.0.0.5", 999);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh")
                .port("10.0.0.5", 11434, "unknown").product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .done("10.0.0.5", 998)
                .host("10.0.0.6", null).port("10.0.0.6", 8265, "unknown")
                .product("10.0.0.6", 8265, "Ray", "2.9.0", "none")
                .finding("10.0.0.6", 8265, "ray-jobs-no-auth", "critical", "Ray accepts jobs without credentials")
                .done("10.0.0.6", 999);
        assertThat(diff(older, newer).changes()).extracting(DiffFormat::line).containsExactly(
                "+ 10.0.0.5 11434/tcp opened unknown Ollama 0.6.0",
                "+ 10.0.0.5 11434/tcp finding high ollama-no-auth: Ollama answers without authentication",
                "+ 10.0.0.6 host up; open 8265",
                "+ 10.0.0.6 8265/tcp finding critical ray-jobs-no-auth: Ray accepts jobs without credentials");
    }

    @Test
    void aPortTheOlderScanDidNotIdentifyHasNoFindingChanges() throws StoreException {
        // The older scan ran no detectors (no -sV): the newer one's finding is not news of that port, nor is a
        // finding gone where the newer scan did not identify the port, nor one on a port that closed.
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .port("10.0.0.5", 5000, "upnp").product("10.0.0.5", 5000, "MLflow", "2.1.0", "none")
                .finding("10.0.0.5", 5000, "mlflow-no-auth", "high", "MLflow answers without credentials")
                .port("10.0.0.5", 8265, "unknown").product("10.0.0.5", 8265, "Ray", "2.9.0", "none")
                .finding("10.0.0.5", 8265, "ray-jobs-no-auth", "critical", "Ray accepts jobs without credentials")
                .done("10.0.0.5", 997);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .port("10.0.0.5", 5000, "upnp").done("10.0.0.5", 998);
        assertThat(diff(older, newer).changes()).extracting(DiffFormat::line).containsExactly(
                "- 10.0.0.5 8265/tcp closed unknown");
    }

    @Test
    void findingChangesAreInTheJsonAndCsvOfADiff() throws Exception {
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none").done("10.0.0.5", 999);
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers \"without\" authentication")
                .done("10.0.0.5", 999);
        ScanDiff d = diff(older, newer);
        java.io.StringWriter json = new java.io.StringWriter();
        DiffFormat.json(d, json);
        assertThat(json.toString()).contains("{\"ip\":\"10.0.0.5\",\"type\":\"finding_raised\",\"port\":11434,"
                + "\"finding\":\"ollama-no-auth\",\"severity\":\"high\","
                + "\"title\":\"Ollama answers \\\"without\\\" authentication\",\"proto\":\"tcp\"}");
        java.io.StringWriter csv = new java.io.StringWriter();
        DiffFormat.csv(d, csv);
        assertThat(csv.toString().split("\r\n")).containsExactly(
                String.join(",", DiffFormat.CSV_COLUMNS),
                "new,10.0.0.5,11434,finding_raised,,,\"Ollama answers \"\"without\"\" authentication\",,,ollama-no-auth,high,tcp");
    }

    @Test
    void theServicesOfHostsThatMovedOrSwappedAddressesCompareWithTheHostTheyArePairedWith() throws StoreException {
        // Two hosts swap addresses (paired by MAC, each compared with the other address's services), a third moves
        // with the same services and finding, and a host without a MAC takes its old address.
        ScanBuilder older = new ScanBuilder()
                .host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.5.7", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .done("10.0.0.5", 999)
                .host("10.0.0.6", "02:00:00:00:00:06").port("10.0.0.6", 80, "http").done("10.0.0.6", 999)
                .host("10.0.0.7", "02:00:00:00:00:07").port("10.0.0.7", 5000, "upnp")
                .product("10.0.0.7", 5000, "MLflow", "2.1.0", "none")
                .finding("10.0.0.7", 5000, "mlflow-no-auth", "high", "MLflow answers without credentials")
                .done("10.0.0.7", 999);
        older.observations.add(nmap("10.0.0.6", 80, "http", "nginx", "1.22.1"));
        ScanBuilder newer = new ScanBuilder()
                .host("10.0.0.5", "02:00:00:00:00:06").port("10.0.0.5", 80, "http").done("10.0.0.5", 999)
                .host("10.0.0.6", "02:00:00:00:00:05").port("10.0.0.6", 11434, "unknown")
                .product("10.0.0.6", 11434, "Ollama", "0.6.0", "none").done("10.0.0.6", 999)
                .host("10.0.0.8", "02:00:00:00:00:07").port("10.0.0.8", 5000, "upnp")
                .product("10.0.0.8", 5000, "MLflow", "2.1.0", "none")
                .finding("10.0.0.8", 5000, "mlflow-no-auth", "high", "MLflow answers without credentials")
                .done("10.0.0.8", 999)
                .host("10.0.0.7", null).port("10.0.0.7", 5000, "upnp")
                .product("10.0.0.7", 5000, "MLflow", "2.1.0", "none")
                .finding("10.0.0.7", 5000, "mlflow-no-auth", "high", "MLflow answers without credentials")
                .done("10.0.0.7", 999);
        newer.observations.add(nmap("10.0.0.5", 80, "http", "nginx", "1.22.1"));
        assertThat(diff(older, newer).changes()).containsExactlyInAnyOrder(
                new Change.HostMoved(ip("10.0.0.6"), ip("10.0.0.5"), "02:00:00:00:00:06"),
                new Change.HostMoved(ip("10.0.0.5"), ip("10.0.0.6"), "02:00:00:00:00:05"),
                new Change.ServiceChanged(ip("10.0.0.6"), 11434, "Ollama 0.5.7 (auth none; llm-server)",
                        "Ollama 0.6.0 (auth none; llm-server)"),
                new Change.FindingGone(ip("10.0.0.6"), 11434, "ollama-no-auth", "high",
                        "Ollama answers without authentication"),
                new Change.HostMoved(ip("10.0.0.7"), ip("10.0.0.8"), "02:00:00:00:00:07"),
                new Change.HostAppeared(ip("10.0.0.7"), Optional.empty(), Optional.empty(), List.of(5000)),
                new Change.FindingRaised(ip("10.0.0.7"), 5000, "mlflow-no-auth", "high",
                        "MLflow answers without credentials"));
    }

    @Test
    void aServiceOnOneSideOnlyOrWithoutProductOrVersionComparesAsStored() throws StoreException {
        // 11434: identified only by the newer scan; 8080: a version found; 9000: an empty version, then none;
        // 3000: names without a product; 5000: the first detector names a product only in the newer scan.
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .port("10.0.0.5", 8080, "http-alt").product("10.0.0.5", 8080, "nginx", null, "none")
                .port("10.0.0.5", 9000, "cslistener").product("10.0.0.5", 9000, "P", "", "none")
                .port("10.0.0.5", 3000, "ppp").port("10.0.0.5", 5000, "upnp").done("10.0.0.5", 995);
        older.observations.add(nmap("10.0.0.5", 3000, "http", null, null));
        older.observations.add(new Observation.ServiceSeen(ip("10.0.0.5"), 5000, Observation.ServiceSeen.IDENTIFY,
                Optional.of("http"), Optional.empty(), Optional.empty(), Optional.empty(), "{}"));
        older.observations.add(nmap("10.0.0.5", 5000, "http", "Werkzeug", "2.0"));
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .port("10.0.0.5", 8080, "http-alt").product("10.0.0.5", 8080, "nginx", "1.22.1", "none")
                .port("10.0.0.5", 9000, "cslistener").product("10.0.0.5", 9000, "P", null, "none")
                .port("10.0.0.5", 3000, "ppp").port("10.0.0.5", 5000, "upnp").done("10.0.0.5", 995);
        newer.observations.add(nmap("10.0.0.5", 3000, "grafana", null, null));
        newer.observations.add(new Observation.ServiceSeen(ip("10.0.0.5"), 5000, Observation.ServiceSeen.IDENTIFY,
                Optional.of("http"), Optional.of("MLflow"), Optional.of("2.1.0"), Optional.empty(), "{}"));
        newer.observations.add(nmap("10.0.0.5", 5000, "http", "Werkzeug", "2.0"));
        assertThat(diff(older, newer).changes()).containsExactly(
                new Change.ServiceChanged(ip("10.0.0.5"), 5000, "Werkzeug 2.0", "MLflow 2.1.0"),
                new Change.ServiceChanged(ip("10.0.0.5"), 8080, "nginx (auth none; llm-server)",
                        "nginx 1.22.1 (auth none; llm-server)"),
                new Change.ServiceChanged(ip("10.0.0.5"), 9000, "P  (auth none; llm-server)",
                        "P (auth none; llm-server)"));
    }

    @Test
    void unchangedServicesStillCarryAFindingChangeAndAPortThatOpened() throws StoreException {
        // 10.0.0.5 keeps its services but trades one finding for another, and opens 5000, whose service the older
        // scan had already stored while the port was filtered; 10.0.0.6 keeps everything.
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .product("10.0.0.5", 5000, "MLflow", "2.1.0", "none").done("10.0.0.5", 997)
                .host("10.0.0.6", null).port("10.0.0.6", 11434, "unknown")
                .product("10.0.0.6", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.6", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .done("10.0.0.6", 999);
        older.observations.add(new Observation.PortSeen(ip("10.0.0.5"), 5000, PortState.FILTERED, "upnp",
                "no-response", Optional.empty()));
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 11434, "unknown")
                .product("10.0.0.5", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.5", 11434, "ollama-cve-2026-7482", "critical", "Ollama path traversal")
                .port("10.0.0.5", 5000, "upnp").product("10.0.0.5", 5000, "MLflow", "2.1.0", "none")
                .done("10.0.0.5", 997)
                .host("10.0.0.6", null).port("10.0.0.6", 11434, "unknown")
                .product("10.0.0.6", 11434, "Ollama", "0.6.0", "none")
                .finding("10.0.0.6", 11434, "ollama-no-auth", "high", "Ollama answers without authentication")
                .done("10.0.0.6", 999);
        assertThat(diff(older, newer).changes()).containsExactly(
                new Change.PortOpened(ip("10.0.0.5"), 5000, "upnp", Optional.of("MLflow"), Optional.of("2.1.0")),
                new Change.FindingRaised(ip("10.0.0.5"), 11434, "ollama-cve-2026-7482", "critical",
                        "Ollama path traversal"),
                new Change.FindingGone(ip("10.0.0.5"), 11434, "ollama-no-auth", "high",
                        "Ollama answers without authentication"));
    }

    @Test
    void namesAndBannersHoldingControlCharactersAndQuotesAreComparedAsStored() throws StoreException {
        // The reader packs a row's columns into one text with U+001F between them: values holding it, "=" or
        // backslashes must come back as they were stored.
        String odd = "=Acme\u001f|;\\'";
        ScanBuilder older = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ss\u001fh")
                .port("10.0.0.5", 80, "http").name("10.0.0.5", "a\u001fb.lan").done("10.0.0.5", 998);
        older.observations.add(new Observation.ServiceSeen(ip("10.0.0.5"), 80, Observation.ServiceSeen.IDENTIFY,
                Optional.of("ht\u001ftp"), Optional.of(odd), Optional.of("1\u001f"), Optional.of("d\u001f"), "{}"));
        ScanBuilder newer = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 80, "http")
                .name("10.0.0.5", "c.lan").done("10.0.0.5", 999)
                .host("10.0.0.6", null).port("10.0.0.6", 443, "ht\u001ftps").name("10.0.0.6", "n\u001f=")
                .done("10.0.0.6", 999);
        newer.observations.add(new Observation.ServiceSeen(ip("10.0.0.5"), 80, Observation.ServiceSeen.IDENTIFY,
                Optional.of("ht\u001ftp"), Optional.of(odd), Optional.of("="), Optional.of("d\u001f"), "{}"));
        assertThat(diff(older, newer).changes()).containsExactly(
                new Change.HostnameChanged(ip("10.0.0.5"), Optional.of("a\u001fb.lan"), Optional.of("c.lan")),
                new Change.PortClosed(ip("10.0.0.5"), 22, "ss\u001fh", "closed"),
                new Change.ServiceChanged(ip("10.0.0.5"), 80, odd + " 1\u001f (d\u001f)", odd + " = (d\u001f)"),
                new Change.HostAppeared(ip("10.0.0.6"), Optional.empty(), Optional.of("n\u001f="), List.of(443)));
    }

    /** An nmap service report (a name, and a product and version where given). */
    private static Observation.ServiceSeen nmap(String address, int port, String name, String product,
                                                String version) {
        return new Observation.ServiceSeen(ip(address), port, Observation.ServiceSeen.NMAP, Optional.of(name),
                Optional.ofNullable(product), Optional.ofNullable(version), Optional.empty(), "{}");
    }
}
