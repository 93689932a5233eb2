package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of event reaches every writer and leaves it working; the samples cover the whole sealed family. */
class EveryEventHandledTest {
    private static final Map<Class<?>, ScanEvent> SAMPLES = Scans.oneOfEach();

    /** A writer, and a pattern its output holds once a scan has ended (null: it must hold no line break). */
    record Output(String name, Function<StringWriter, ScanListener> create, String finishedMark) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Output> outputs() {
        return List.of(
                new Output("json", JsonLinesWriter::new, "\"type\":\"(finished|cancelled|failed)\""),
                new Output("csv", CsvWriter::new, "^ip,hostname,mac,.*\r\n"),
                new Output("table", TableWriter::new, "\nnetsweep (done|cancelled|failed)"),
                new Output("xml", out -> new NmapXmlWriter(out, "test", ZoneOffset.UTC,
                        InstantSource.fixed(Instant.parse("2025-03-01T13:00:00Z"))), "</runstats>\n</nmaprun>\n$"),
                new Output("grepable", out -> new GrepableWriter(out, "test", ZoneOffset.UTC,
                        InstantSource.fixed(Instant.parse("2025-03-01T13:00:00Z")), true),
                        "\n# netsweep (done|cancelled|failed .*) at [^\n]*\n$"),
                new Output("progress", out -> new ProgressBar(out, true, InstantSource.system()), null));
    }

    static List<Class<?>> eventKinds() {
        return Arrays.asList(ScanEvent.class.getPermittedSubclasses());
    }

    @Test
    void samplesCoverEveryPermittedSubclass() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(eventKinds());
        assertThat(eventKinds()).hasSize(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void writerHandlesEveryKindOfEventAndStaysUsable(Output output) throws IOException {
        for (Class<?> kind : eventKinds()) {
            StringWriter out = new StringWriter();
            ScanListener w = output.create().apply(out);
            ScanEvent event = SAMPLES.get(kind);
            w.onEvent(SAMPLES.get(ScanEvent.Started.class));
            w.onEvent(event);
            boolean terminal = event instanceof ScanEvent.Finished || event instanceof ScanEvent.Cancelled
                    || event instanceof ScanEvent.Failed;
            if (!terminal) {
                w.onEvent(SAMPLES.get(ScanEvent.Finished.class));
            }
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(output + " failed to close after " + kind.getSimpleName(), e);
                }
            }
            String text = out.toString();
            if (output.finishedMark() == null) {
                assertThat(text).as("%s after %s", output, kind.getSimpleName()).doesNotContain("\n");
            } else {
                assertThat(text).as("%s after %s", output, kind.getSimpleName()).containsPattern(output.finishedMark());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventKinds")
    void jsonEncodesEveryKindWithItsType(Class<?> kind) throws IOException {
        ScanEvent event = SAMPLES.get(kind);
        var node = new ObjectMapper().readTree(EventJson.toJson(event));
        assertThat(node.get("type").asText()).isEqualTo(EventJson.typeOf(event));
    }

    @Test
    void resultEventsShowUpInEveryFileFormat() throws IOException {
        for (Output output : outputs().subList(0, 4)) {
            StringWriter out = new StringWriter();
            ScanListener w = output.create().apply(out);
            Scans.typical().forEach(w::onEvent);
            String text = out.toString();
            assertThat(text).as(output.name())
                    .contains("10.0.0.5", "10.0.0.6", "10.0.0.7", "11434", "Ollama", "build-01.lab.example", "ssh", "http");
        }
    }
}
