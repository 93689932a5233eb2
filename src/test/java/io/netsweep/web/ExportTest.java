package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.output.CsvWriter;
import io.netsweep.scan.ScanEvent;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CSV export over HTTP against the command line's writer fed the same events, while a scan runs and once it ended. */
class ExportTest {
    private final ManualScanner scanner = new ManualScanner();
    private WebServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        WebConfig config = WebTestSupport.config(5);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What {@code netsweep -o csv} writes for {@code events}. */
    private static String commandLine(List<ScanEvent> events) throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter w = new CsvWriter(out);
        events.forEach(w::onEvent);
        w.flush();
        return out.toString();
    }

    private String export(String id) throws Exception {
        var r = api.get("/api/scans/" + id + "/export?format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        return r.body();
    }

    @Test
    void csvIsTheCommandLinesForTheSameEventsAndShowsHostsStillBeingScanned() throws Exception {
        String id = api.start("127.0.0.1-3");
        List<ScanEvent> events = new ArrayList<>(List.of(Events.started(3),
                Events.host(3), Events.port(3, 80), Events.host(1), Events.port(1, 22), Events.progress(4, 8),
                Events.name(3, "three.lab"), new ScanEvent.HostCompleted(Events.address(3)),
                Events.host(2)));
        ManualScanner.Session s = scanner.session(0);
        events.forEach(s::emit);

        // Running: what the command line wrote so far (127.0.0.3, completed first), then the hosts in progress.
        String running = export(id);
        assertThat(running).startsWith(commandLine(events));
        assertThat(running.lines().map(l -> l.substring(0, l.indexOf(','))))
                .containsExactly("ip", "127.0.0.3", "127.0.0.1", "127.0.0.2");

        List<ScanEvent> rest = List.of(new ScanEvent.HostCompleted(Events.address(1)), Events.port(2, 80),
                new ScanEvent.HostCompleted(Events.address(2)), Events.finished(3, 3));
        rest.forEach(s::emit);
        events.addAll(rest);
        api.awaitEnd(id);

        assertThat(export(id)).isEqualTo(commandLine(events));
    }

    @Test
    void aScanWithNothingYetIsTheHeaderAlone() throws Exception {
        String id = api.start("127.0.0.1");
        assertThat(export(id)).isEqualTo(String.join(",", CsvWriter.COLUMNS) + "\r\n");
    }
}
