package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.Progress;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesWriterTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesOneLinePerResultAndSkipsProgressAndHostDone() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonLinesWriter w = new JsonLinesWriter(out)) {
            Scans.typical().forEach(w::onEvent);
        }
        List<String> lines = out.toString().lines().toList();
        List<String> types = new ArrayList<>();
        for (String line : lines) {
            types.add(mapper.readTree(line).get("type").asText());
        }
        assertThat(out.toString()).endsWith("}\n");
        assertThat(types).containsExactly(
                "started", "host", "port", "host", "port", "hostname", "port", "service", "hostname", "host", "finished");
        List<String> expected = Scans.typical().stream()
                .filter(e -> !(e instanceof Progress) && !(e instanceof HostCompleted))
                .map(EventJson::toJson).toList();
        assertThat(lines).isEqualTo(expected);
    }

    @Test
    void eachLineReachesTheFileBeforeTheNextEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.jsonl");
        try (JsonLinesWriter w = new JsonLinesWriter(new FileOutputStream(file.toFile()))) {
            int written = 0;
            for (ScanEvent e : Scans.typical()) {
                w.onEvent(e);
                if (!(e instanceof Progress) && !(e instanceof HostCompleted)) {
                    written++;
                }
                List<String> onDisk = Files.readAllLines(file, StandardCharsets.UTF_8);
                assertThat(onDisk).as("after %s", e).hasSize(written);
            }
        }
    }

    @Test
    void pythonReadsEveryLineAsStrictJson(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        JsonLinesWriter w = new JsonLinesWriter(out);
        Scans.typical().forEach(w::onEvent);
        w.onEvent(new io.netsweep.scan.ScanEvent.HostnameResolved(Scans.A5,
                java.util.Optional.of("evil\u001b[2J\n\u2028\"x\"\ud800"), io.netsweep.dns.DnsStatus.OK));
        w.flush();

        ExternalTool.Result r = ExternalTool.python("""
                import json, sys
                for line in sys.stdin.buffer.read().decode('utf-8', 'strict').split('\\n'):
                    if line:
                        o = json.loads(line, strict=True)
                        print(o['type'], o.get('ip'), json.dumps(o.get('hostname')))
                """, out.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).contains(
                "hostname 10.0.0.5 \"build-01.lab.example\"",
                "hostname 10.0.0.5 \"evil\\u001b[2J\\n\\u2028\\\"x\\\"\\ufffd\"");
    }

    @Test
    void aFailedWriteDoesNotEscapeTheListenerButIsReported(@TempDir Path dir) throws Exception {
        FileOutputStream stream = new FileOutputStream(dir.resolve("gone.jsonl").toFile());
        stream.close();
        JsonLinesWriter w = new JsonLinesWriter(stream);

        Scans.typical().forEach(w::onEvent);

        assertThat(w.failure()).containsInstanceOf(IOException.class);
        assertThatThrownBy(w::flush).isInstanceOf(IOException.class);
        assertThatThrownBy(w::close).isInstanceOf(IOException.class);
    }

    @Test
    void summaryLineIsLast() throws Exception {
        StringWriter out = new StringWriter();
        JsonLinesWriter w = new JsonLinesWriter(out);
        Scans.typical().forEach(w::onEvent);
        List<String> lines = out.toString().lines().toList();
        JsonNode last = mapper.readTree(lines.getLast());
        assertThat(last.get("type").asText()).isEqualTo("finished");
        assertThat(last.get("summary").get("open_ports").asLong()).isEqualTo(3);
        assertThat(Scans.typical().getLast()).isInstanceOf(Finished.class);
    }
}
