package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.web.StoredScans;
import io.netsweep.web.WebConfig;
import io.netsweep.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's diff is {@code netsweep diff -o json}'s, byte for byte, for the same two stored scans. */
class WebDiffAgreementTest {
    @Test
    void theWebDiffIsTheCommandLinesJson(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("netsweep.db");
        long[] ids = StoredScans.writeTwo(db);
        CliRunner cli = CliRunner.run("diff", "--db", db.toString(), "-o", "json", Long.toString(ids[0]),
                Long.toString(ids[1]));
        assertThat(cli.exitCode()).isEqualTo(DiffCommand.CHANGED);

        WebConfig config = WebConfig.loopback(0);
        try (WebServer server = new WebServer(config, (request, listener) -> {
            throw new AssertionError("no scan is started here");
        }, form -> {
            throw new AssertionError("no scan is validated here");
        }, Optional.of(StoredScans.archive(db))); HttpClient http = HttpClient.newHttpClient()) {
            server.start();
            for (String path : new String[] {"/api/diff?old=" + ids[0] + "&new=" + ids[1],
                    "/api/diff/export?format=json&old=" + ids[0] + "&new=" + ids[1]}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path)).header("X-Netsweep-Token", config.token()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body().strip()).as(path).isEqualTo(cli.out().strip());
            }
            assertThat(cli.out()).contains("\"type\":\"host_up\"", "window.pwned=2");
        }
    }
}
