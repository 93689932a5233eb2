package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2025-03-01T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** What a terminal shows on the current line after {@code output}: CR returns to column 0, text overwrites. */
    private static String visibleLine(String output) {
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : output.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (col < line.length()) {
                line.setCharAt(col++, c);
            } else {
                line.append(c);
                col++;
            }
        }
        return line.toString().stripTrailing();
    }

    private static Progress progress(long done, long total, double rate, long etaSeconds) {
        return new Progress(done, total, rate, Duration.ofSeconds(1), Optional.of(Duration.ofSeconds(etaSeconds)));
    }

    @Test
    void rendersBarCountsRateAndEta() {
        assertThat(ProgressBar.render(progress(12345, 65535, 23_100, 3)))
                .isEqualTo("[===>                ] 12345/65535 probes  23.1k/s  ETA 0:03");
        assertThat(ProgressBar.render(progress(65535, 65535, 950, 0)))
                .isEqualTo("[====================] 65535/65535 probes  950/s  ETA 0:00");
        assertThat(ProgressBar.render(new Progress(0, 0, 0, Duration.ZERO, Optional.empty())))
                .isEqualTo("[                    ] 0/0 probes  0/s  ETA --:--");
        assertThat(ProgressBar.render(progress(50, 100, 1_500_000, 3725)))
                .isEqualTo("[==========>         ] 50/100 probes  1.5M/s  ETA 1:02:05");
    }

    @Test
    void redrawsInPlaceAtMostTenTimesASecond() {
        StringWriter out = new StringWriter();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(out, true, clock);
        bar.onEvent(Scans.started(PortSet.of(22)));
        for (int i = 0; i < 100; i++) { // one second of updates every 10 ms
            bar.onEvent(progress(i, 1000, 1000, 1));
            clock.advance(Duration.ofMillis(10));
        }
        long redraws = out.toString().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(9L, 10L);
        assertThat(out.toString()).doesNotContain("\n");
        assertThat(visibleLine(out.toString())).isEqualTo("[=>                  ] 90/1000 probes  1.0k/s  ETA 0:01");
    }

    @Test
    void alwaysDrawsTheLastUpdateAndThenWipesItself() {
        StringWriter out = new StringWriter();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(out, true, clock);
        bar.onEvent(progress(1, 10, 5, 2));
        bar.onEvent(progress(10, 10, 5, 0)); // within the throttle window, but the last one
        assertThat(visibleLine(out.toString())).startsWith("[====================] 10/10");

        bar.onEvent(new Finished(Scans.summary(1, 1, 1, 0)));
        assertThat(visibleLine(out.toString())).isEmpty();
        assertThat(out.toString()).endsWith("\r");
    }

    @Test
    void shorterLineLeavesNoTailOfTheLongerOne() {
        StringWriter out = new StringWriter();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(out, true, clock);
        bar.onEvent(progress(100, 100_000, 123_456, 4000));
        clock.advance(Duration.ofSeconds(1));
        bar.onEvent(progress(99_000, 100_000, 5, 1));
        assertThat(visibleLine(out.toString())).isEqualTo("[===================>] 99000/100000 probes  5/s  ETA 0:01");
    }

    /** One terminal that standard error (the bar) and standard output both write to, in the order their bytes reach it. */
    private static final class Screen {
        final StringBuilder bytes = new StringBuilder();
        final Writer stderr = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                bytes.append(c, off, len);
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        /** Buffers like a PrintWriter over System.out: its text reaches the screen when flushed. */
        final Writer stdout = new Writer() {
            private final StringBuilder buffered = new StringBuilder();

            @Override
            public void write(char[] c, int off, int len) {
                buffered.append(c, off, len);
            }

            @Override
            public void flush() {
                bytes.append(buffered);
                buffered.setLength(0);
            }

            @Override
            public void close() {
                flush();
            }
        };

        /** The screen's lines, CR and LF applied as a terminal applies them. */
        List<String> lines() {
            return Arrays.stream(bytes.toString().split("\n", -1)).map(ProgressBarTest::visibleLine).toList();
        }
    }

    @Test
    void textOnSharedStdoutWipesTheBarFirstAndTheBarComesBackBelowIt() throws IOException {
        Screen screen = new Screen();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(screen.stderr, true, clock);
        Writer out = bar.sharing(screen.stdout);
        bar.onEvent(progress(1, 10, 5, 2));
        out.write("{\"type\":\"port\",\"port\":22}\n");
        clock.advance(Duration.ofSeconds(1));
        bar.onEvent(progress(2, 10, 5, 2)); // flushes the line above before drawing
        out.write("{\"type\":\"port\",\"port\":80}\n");
        out.flush();
        bar.onEvent(new Finished(Scans.summary(1, 1, 1, 0)));

        assertThat(screen.lines()).containsExactly("{\"type\":\"port\",\"port\":22}", "{\"type\":\"port\",\"port\":80}", "");
        assertThat(screen.bytes).contains("2/10 probes");
    }

    @Test
    void theBarWaitsWhileALineOfOutputIsUnfinished() throws IOException {
        Screen screen = new Screen();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(screen.stderr, true, clock);
        Writer out = bar.sharing(screen.stdout);
        out.write("10.0.0.5,host");
        bar.onEvent(progress(1, 10, 5, 2));
        assertThat(screen.bytes.toString()).isEqualTo("10.0.0.5,host").doesNotContain("probes");

        out.write(",22\r\n");
        clock.advance(Duration.ofSeconds(1));
        bar.onEvent(progress(2, 10, 5, 2));
        assertThat(screen.lines().getFirst()).isEqualTo("10.0.0.5,host,22");
        assertThat(screen.lines().get(1)).startsWith("[====>");
    }

    @Test
    void theVerboseLogOnTheBarsOwnStreamGivesWayAsStdoutDoes() throws IOException {
        Screen screen = new Screen();
        ManualClock clock = new ManualClock();
        ProgressBar bar = new ProgressBar(screen.stderr, true, clock);
        Writer out = bar.sharing(screen.stdout);
        VerboseLog log = new VerboseLog(bar.sharing(screen.stderr), 1);
        bar.onEvent(progress(1, 10, 5, 2));
        log.onEvent(Scans.open(Scans.A5, 22, "ssh", 1));
        clock.advance(Duration.ofSeconds(1));
        bar.onEvent(progress(2, 10, 5, 2));
        out.write("Host 10.0.0.5\n");
        out.flush();
        log.onEvent(Scans.open(Scans.A5, 80, "http", 1));
        clock.advance(Duration.ofSeconds(1));
        bar.onEvent(progress(3, 10, 5, 2));
        bar.onEvent(new Finished(Scans.summary(1, 1, 1, 2)));

        assertThat(screen.lines()).containsExactly("Discovered open port 22/tcp on 10.0.0.5", "Host 10.0.0.5",
                "Discovered open port 80/tcp on 10.0.0.5", "");
        assertThat(screen.bytes).contains("3/10 probes").doesNotContain("\u001b");
    }

    @Test
    void aDisabledBarLeavesStdoutAsItIs() {
        Writer stdout = new StringWriter();
        assertThat(new ProgressBar(new StringWriter(), false, new ManualClock()).sharing(stdout)).isSameAs(stdout);
    }

    @Test
    void disabledBarWritesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        Scans.typical().forEach(bar::onEvent);
        assertThat(bytes.size()).isZero();
    }

    @Test
    void drawsOnAPrintStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.onEvent(progress(5, 10, 5, 1));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r[==========>         ] 5/10 probes  5/s  ETA 0:01");
    }
}
