package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.store.DiffFormat;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API over the scan store, over real HTTP against a real SQLite database. */
class StoreApiTest {
    @TempDir
    Path dir;
    private WebServer server;
    private ApiClient api;
    private long older;
    private long newer;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("netsweep.db");
        long[] ids = StoredScans.writeTwo(db);
        older = ids[0];
        newer = ids[1];
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, WebTestSupport.scanner(Duration.ofMillis(1)), WebTestSupport.requests(),
                Optional.of(StoredScans.archive(db)));
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void historyListsStoredScansNewestFirstWithTheirCountsAPageAtATime() throws Exception {
        JsonNode all = ok("/api/history");
        assertThat(all.path("stored").asBoolean()).isTrue();
        assertThat(texts(all.path("scans"), "id")).containsExactly(Long.toString(newer), Long.toString(older));
        JsonNode latest = all.path("scans").get(0);
        assertThat(latest.path("hostsUp").asLong()).isEqualTo(4);
        assertThat(latest.path("openPorts").asLong()).isEqualTo(5);
        assertThat(latest.path("status").asText()).isEqualTo("finished");
        assertThat(latest.path("startedAt").asText()).isEqualTo(StoredScans.SECOND.toString());
        assertThat(all.path("more").asBoolean()).isFalse();

        JsonNode first = ok("/api/history?limit=1");
        assertThat(texts(first.path("scans"), "id")).containsExactly(Long.toString(newer));
        assertThat(first.path("more").asBoolean()).isTrue();
        JsonNode next = ok("/api/history?limit=1&before=" + newer);
        assertThat(texts(next.path("scans"), "id")).containsExactly(Long.toString(older));
        assertThat(next.path("more").asBoolean()).isFalse();
    }

    @Test
    void aStoredScanIsPlayedBackAsTheEventsOfTheLiveStream() throws Exception {
        JsonNode scan = ok("/api/history/" + newer);
        assertThat(scan.path("scan").path("id").asLong()).isEqualTo(newer);
        List<String> types = texts(scan.path("events"), "type");
        assertThat(types.getFirst()).isEqualTo("started");
        assertThat(types.getLast()).isEqualTo("finished");
        assertThat(types).doesNotContain("host_done", "progress");
        assertThat(types.stream().filter("host"::equals)).hasSize(4);
        assertThat(types.stream().filter("port"::equals)).hasSize(5);
        JsonNode hostile = null;
        for (JsonNode e : scan.path("events")) {
            if (e.path("type").asText().equals("hostname") && e.path("ip").asText().equals("10.9.0.5")) {
                hostile = e;
            }
        }
        assertThat(hostile).isNotNull();
        assertThat(hostile.path("hostname").asText()).isEqualTo(StoredScans.HOSTILE + ".new.lab");
        // Rescan: the same addresses (the canonical list, exclusions applied) and ports.
        JsonNode form = scan.path("rescan");
        assertThat(form.path("targets").asText()).isEqualTo("10.9.0.1-6");
        assertThat(form.path("preset").asText()).isEqualTo("custom");
        assertThat(form.path("ports").asText()).isEqualTo("22,80,443,8080");
        assertThat(form.path("identify").asBoolean()).isTrue();
        assertThat(api.post("/api/validate", form.toString()).body()).contains("\"ok\":true");
    }

    @Test
    void aStoredScanExportsAsJsonLinesAndCsv() throws Exception {
        HttpResponse<String> csv = api.get("/api/history/" + older + "/export?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"netsweep-scan-" + older + ".csv\"");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("ip,hostname,mac,vendor,host_state");
        assertThat(lines).anyMatch(l -> l.startsWith("10.9.0.2,beta.lab,02:00:00:00:09:02,Acme,up,") && l.contains(",22,tcp,open,"));
        HttpResponse<String> jsonl = api.get("/api/history/" + older + "/export");
        assertThat(jsonl.body().lines().map(l -> l.substring(0, l.indexOf(',')))).first().isEqualTo("{\"type\":\"started\"");
    }

    @Test
    void theDiffOfTwoScansNamesEveryChange() throws Exception {
        JsonNode d = ok("/api/diff?old=" + older + "&new=" + newer);
        assertThat(d.path("old").path("id").asLong()).isEqualTo(older);
        assertThat(d.path("new").path("id").asLong()).isEqualTo(newer);
        List<String> lines = new ArrayList<>();
        d.path("changes").forEach(c -> lines.add(c.path("ip").asText() + " " + c.path("type").asText()
                + (c.has("port") ? " " + c.path("port").asInt() : "")));
        assertThat(lines).containsExactly("10.9.0.1 port_closed 80", "10.9.0.1 port_opened 443",
                "10.9.0.2 service_changed 22", "10.9.0.3 host_gone", "10.9.0.5 host_up");
    }

    @Test
    void theDiffDownloadsAsJsonCsvAndText() throws Exception {
        String query = "?old=" + older + "&new=" + newer;
        HttpResponse<String> json = api.get("/api/diff/export" + query);
        assertThat(json.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"netsweep-diff-" + older + "-" + newer + ".json\"");
        assertThat(json.body()).isEqualTo(api.get("/api/diff" + query).body() + "\n");

        HttpResponse<String> csv = api.get("/api/diff/export" + query + "&format=csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.getFirst()).isEqualTo(String.join(",", DiffFormat.CSV_COLUMNS));
        assertThat(rows).contains("new,10.9.0.1,443,port_opened,https,,open,,,,,tcp",
                "gone,10.9.0.1,80,port_closed,http,open,closed,,,,,tcp",
                "changed,10.9.0.2,22,service_changed,,OpenSSH 9.2p1,OpenSSH 9.3p1,,,,,tcp");
        assertThat(csv.body()).contains("\r\n");

        HttpResponse<String> text = api.get("/api/diff/export" + query + "&format=text");
        assertThat(text.body().lines().toList()).containsExactly("scan " + older + " -> scan " + newer,
                "- 10.9.0.1 80/tcp closed http", "+ 10.9.0.1 443/tcp opened https",
                "~ 10.9.0.2 22/tcp OpenSSH 9.2p1 -> OpenSSH 9.3p1",
                "- 10.9.0.3 host gone " + StoredScans.HOSTILE + ".gone.lab",
                "+ 10.9.0.5 host up " + StoredScans.HOSTILE + ".new.lab; open 8080");
    }

    @Test
    void theInventoryListsEveryHostEverSeenFilteredAndPaged() throws Exception {
        JsonNode all = ok("/api/hosts");
        assertThat(all.path("total").asInt()).isEqualTo(5);
        assertThat(texts(all.path("hosts"), "ip")).containsExactly("10.9.0.1", "10.9.0.2", "10.9.0.3", "10.9.0.4",
                "10.9.0.5");
        JsonNode gone = all.path("hosts").get(2);
        assertThat(gone.path("firstSeen").asText()).isEqualTo(StoredScans.FIRST.toString());
        assertThat(gone.path("lastSeen").asText()).isEqualTo(StoredScans.FIRST.toString());
        JsonNode stayed = all.path("hosts").get(0);
        assertThat(stayed.path("firstSeen").asText()).isEqualTo(StoredScans.FIRST.toString());
        assertThat(stayed.path("lastSeen").asText()).isEqualTo(StoredScans.SECOND.toString());
        assertThat(stayed.path("scans").asInt()).isEqualTo(2);
        assertThat(texts(stayed.path("openPorts"), "port")).containsExactly("22", "443");

        assertThat(texts(ok("/api/hosts?q=alpha").path("hosts"), "ip")).containsExactly("10.9.0.1");
        assertThat(texts(ok("/api/hosts?q=acme%2002:00:00:00:09:02").path("hosts"), "ip")).containsExactly("10.9.0.2");
        // Open at each host's last scan: 10.9.0.3 was last seen with 443 open.
        assertThat(texts(ok("/api/hosts?port=443").path("hosts"), "ip")).containsExactly("10.9.0.1", "10.9.0.3");
        assertThat(texts(ok("/api/hosts?product=openssh").path("hosts"), "ip")).containsExactly("10.9.0.2");
        assertThat(texts(ok("/api/hosts?since=2026-12-02").path("hosts"), "ip"))
                .containsExactly("10.9.0.1", "10.9.0.2", "10.9.0.4", "10.9.0.5");
        JsonNode page = ok("/api/hosts?limit=2&offset=2");
        assertThat(page.path("total").asInt()).isEqualTo(5);
        assertThat(texts(page.path("hosts"), "ip")).containsExactly("10.9.0.3", "10.9.0.4");
    }

    @Test
    void theInventorysPortFilterNamesUdpPortsAsDashPDoes() throws Exception {
        Path db = dir.resolve("udp.db");
        StoredScans.writeTwoWithUdp(db);
        WebConfig config = WebTestSupport.config(20);
        try (WebServer udp = new WebServer(config, WebTestSupport.scanner(Duration.ofMillis(1)),
                WebTestSupport.requests(), Optional.of(StoredScans.archive(db)))) {
            udp.start();
            ApiClient client = new ApiClient(udp.port(), config.token());
            java.util.function.Function<String, List<String>> ips = path -> {
                try {
                    HttpResponse<String> r = client.get(path);
                    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
                    return texts(ApiClient.json(r).path("hosts"), "ip");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            assertThat(ips.apply("/api/hosts?port=53")).containsExactly("10.9.0.1");
            assertThat(ips.apply("/api/hosts?port=T:53")).containsExactly("10.9.0.1");
            assertThat(ips.apply("/api/hosts?port=U:53")).containsExactly("10.9.0.6");
            assertThat(ips.apply("/api/hosts?port=u%3A161")).containsExactly("10.9.0.6");
            assertThat(ips.apply("/api/hosts?port=161")).isEmpty();
            for (String bad : List.of("U:0", "X:53", "53%2Fudp", "U:53,161")) {
                HttpResponse<String> r = client.get("/api/hosts?port=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(ApiClient.json(r).path("error").asText()).as(bad).startsWith("port: invalid port");
            }
        }
    }

    @Test
    void aHostsTimelineShowsItAtEveryScanNewestFirst() throws Exception {
        long id = ok("/api/hosts?q=alpha").path("hosts").get(0).path("id").asLong();
        JsonNode t = ok("/api/hosts/" + id);
        assertThat(t.path("total").asInt()).isEqualTo(2);
        JsonNode sightings = t.path("sightings");
        assertThat(texts(sightings, "scanId")).containsExactly(Long.toString(newer), Long.toString(older));
        assertThat(texts(sightings.get(0).path("openPorts"), "port")).containsExactly("22", "443");
        assertThat(texts(sightings.get(1).path("openPorts"), "port")).containsExactly("22", "80");
        assertThat(sightings.get(0).path("hostname").asText()).isEqualTo("alpha.lab");
        assertThat(texts(ok("/api/hosts/" + id + "?limit=1").path("sightings"), "scanId"))
                .containsExactly(Long.toString(newer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/history?limit=0", "/api/history?limit=501", "/api/history?limit=ten",
            "/api/history?limit=%D9%A5", "/api/history?before=-1", "/api/history?sort=id", "/api/history/1?x=1",
            "/api/diff", "/api/diff?old=1", "/api/diff?old=1&new=x", "/api/diff/export?old=1&new=2&format=xml",
            "/api/hosts?since=yesterday", "/api/hosts?port=70000", "/api/hosts?port=0", "/api/hosts?limit=1001",
            "/api/hosts?offset=-1", "/api/hosts?q=%0Aevil", "/api/hosts/1?limit=0"})
    void badParametersGetACleanBadRequest(String path) throws Exception {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Http.JSON);
        String error = ApiClient.json(r).path("error").asText();
        assertThat(error).isNotBlank().doesNotContain("\n", "Exception", "evil");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/history/999", "/api/history/999/export", "/api/hosts/999",
            "/api/diff?old=1&new=999", "/api/history/0"})
    void whatIsNotStoredIsNotFound(String path) throws Exception {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(ApiClient.json(r).path("error").asText()).isNotBlank();
    }

    @Test
    void theStoreIsReadOnlyAndWantsTheToken() throws Exception {
        HttpResponse<String> post = api.post("/api/history", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        for (String path : List.of("/api/history", "/api/hosts", "/api/history/" + older,
                "/api/diff?old=" + older + "&new=" + newer, "/api/hosts/1")) {
            HttpResponse<String> r = api.send(api.request(path).GET().build());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).doesNotContain("10.9.0");
        }
        HttpResponse<String> wrong = api.send(api.request("/api/hosts").header("X-Netsweep-Token",
                WebConfig.newToken()).GET().build());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void aScanStartedHereIsListedWithItsStoredIdAndBack() throws Exception {
        HttpResponse<String> r = api.post("/api/scans", "{\"targets\":\"127.0.0.1-4\",\"preset\":\"simple\"}");
        String id = ApiClient.json(r).path("id").asText();
        JsonNode status = api.awaitStatus(id, s -> s.path("storedId").isNumber()
                && List.of("finished").contains(s.path("state").asText()), Duration.ofSeconds(30));
        long stored = status.path("storedId").asLong();
        assertThat(stored).isGreaterThan(newer);
        JsonNode listed = ok("/api/history?limit=1").path("scans").get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(stored);
        assertThat(listed.path("liveId").asText()).isEqualTo(id);
        assertThat(listed.path("source").asText()).isEqualTo("web");
    }

    @Test
    void withoutAStoreTheHistoryIsEmptyAndTheRestNotFound() throws Exception {
        WebConfig config = WebTestSupport.config(20);
        try (WebServer unstored = new WebServer(config, WebTestSupport.scanner(Duration.ZERO), WebTestSupport.requests())) {
            unstored.start();
            ApiClient other = new ApiClient(unstored.port(), config.token());
            JsonNode history = ApiClient.json(other.get("/api/history"));
            assertThat(history.path("stored").asBoolean()).isFalse();
            assertThat(history.path("scans")).isEmpty();
            HttpResponse<String> hosts = other.get("/api/hosts");
            assertThat(hosts.statusCode()).isEqualTo(404);
            assertThat(ApiClient.json(hosts).path("error").asText()).contains("--no-save");
        }
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> r = api.send(api.authed("/api/history").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }
}
