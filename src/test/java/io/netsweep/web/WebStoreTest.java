package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanStatus;
import io.netsweep.store.SqliteScanStore;
import io.netsweep.store.StoreLocations;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scans the web UI starts are stored, as the command line's are. */
class WebStoreTest {
    @TempDir
    Path dir;
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aScanStartedInTheWebUiIsStoredWithWhatItFound() throws Exception {
        Path db = dir.resolve("web.db");
        ScanArchive archive = new ScanArchive(() -> SqliteScanStore.open(db,
                StoreLocations.cacheHome(System::getenv), InstantSource.system()), InstantSource.system());
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, WebTestSupport.scanner(Duration.ofMillis(2)), WebTestSupport.requests(),
                Optional.of(archive));
        server.start();
        ApiClient api = new ApiClient(server.port(), config.token());
        HttpResponse<String> r = api.post("/api/scans", "{\"targets\":\"127.0.0.1-8\",\"preset\":\"simple\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        api.awaitEnd(ApiClient.json(r).get("id").asText());

        try (SqliteScanStore store = SqliteScanStore.open(db, StoreLocations.cacheHome(System::getenv),
                InstantSource.system())) {
            assertStored(store);
        }
    }

    private static void assertStored(SqliteScanStore store) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ScanEntry> scans = store.history();
        while (scans.isEmpty() || scans.getFirst().status() != ScanStatus.FINISHED) {
            assertThat(System.nanoTime()).as("stored within 30 s").isLessThan(deadline);
            Thread.sleep(20); // polling the condition above, with its deadline
            scans = store.history();
        }
        assertThat(scans).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("web");
            assertThat(e.targets()).isEqualTo("127.0.0.1-8");
            assertThat(e.hostsUp()).isEqualTo(6);
            assertThat(e.openPorts()).isEqualTo(18);
        });
        assertThat(store.load(scans.getFirst().id()).orElseThrow().hosts()).filteredOn(h -> h.up()).hasSize(6);
    }
}
