package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static io.netsweep.store.StoreFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

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

    private ScanDiff diff(ScanBuilder older, ScanBuilder newer) throws StoreException {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long a = older.write(store);
        long b = newer.write(store);
        return ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow());
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
}
