package io.netsweep.output;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.FindingRaised;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.scan.ScanListener;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-line progress display for a terminal, normally standard error:
 * {@code [=========>          ] 12345/65535 probes  23.1k/s  ETA 0:03}. Each redraw returns to the
 * start of the line with {@code \r}; redraws are at most {@link #MIN_INTERVAL} apart (the last
 * {@link Progress} of a scan is always drawn). The line is wiped at the end of the scan, leaving
 * nothing behind. When disabled (output not a terminal, {@code --no-progress}) it writes nothing at all.
 *
 * <p>Every stream that reaches the bar's terminal besides the bar itself (standard output when it goes
 * to the same terminal, the verbose log on standard error) must be written through
 * {@link #sharing(Writer)}: the bar is then wiped before any of their text reaches the terminal,
 * their text is flushed before the bar is drawn again, and the bar is not drawn while the last
 * line of any of them is unfinished. So no line of output is ever glued to the bar, nor the bar left
 * in the middle of output, whatever the writer and whenever it writes.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); the writer returned
 * by {@link #sharing} may be used from any thread, drawing and writing exclude each other. Write
 * errors on the bar's own stream are ignored: a progress display is not worth failing a scan for.
 */
public final class ProgressBar implements ScanListener {
    /** Shortest time between two redraws: at most ten per second. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final int BAR_WIDTH = 20;

    private final Sink sink;
    private final boolean enabled;
    private final InstantSource clock;
    private Instant lastDraw;
    private int drawnLength; // guarded by this, as are the fields of Shared
    private final List<Shared> shared = new ArrayList<>();

    /**
     * @param out     where to draw, normally standard error
     * @param enabled whether to draw at all; the caller decides (terminal detection, options)
     * @param clock   time source of the redraw throttle
     */
    public ProgressBar(Writer out, boolean enabled, InstantSource clock) {
        this.sink = new Sink(out);
        this.enabled = enabled;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Draws on {@code out} (such as {@code System.err}) in its own charset, on the system clock. */
    public static ProgressBar on(PrintStream out, boolean enabled) {
        return new ProgressBar(new OutputStreamWriter(out, out.charset()), enabled, InstantSource.system());
    }

    /**
     * {@code out} as the writers on the bar's terminal must use it (see the class comment); when the
     * bar is disabled, {@code out} itself. Call it once per stream (standard output, the verbose log),
     * before the scan starts; every writer on that stream writes through what it returns.
     */
    public synchronized Writer sharing(Writer out) {
        Objects.requireNonNull(out, "out");
        if (!enabled) {
            return out;
        }
        if (shared.stream().anyMatch(s -> s.out == out)) {
            throw new IllegalStateException("this stream is shared already");
        }
        Shared s = new Shared(out);
        shared.add(s);
        return s;
    }

    @Override
    public synchronized void onEvent(ScanEvent event) {
        if (!enabled) {
            return;
        }
        switch (event) {
            case Progress p -> draw(p);
            case HostCompleted h -> { }
            case Finished f -> clear();
            case Cancelled c -> clear();
            case Failed f -> clear();
            case Started s -> lastDraw = null;
            case HostUp h -> { }
            case HostDown h -> { }
            case PortObserved p -> { }
            case HostnameResolved h -> { }
            case ServiceIdentified s -> { }
            case FindingRaised f -> { }
        }
    }

    /** The text of the line for {@code p}, without control characters. */
    static String render(Progress p) {
        long total = Math.max(0, p.total());
        long done = Math.max(0, Math.min(p.done(), total));
        int filled = total == 0 ? 0 : (int) (done * BAR_WIDTH / total);
        StringBuilder bar = new StringBuilder(80).append('[');
        bar.repeat('=', filled);
        if (filled < BAR_WIDTH) {
            bar.append(filled > 0 ? ">" : " ").repeat(' ', BAR_WIDTH - filled - 1);
        }
        return bar.append("] ").append(p.done()).append('/').append(p.total()).append(" probes  ")
                .append(rate(p.ratePerSecond())).append("  ETA ").append(eta(p.eta()))
                .toString();
    }

    private void draw(Progress p) {
        Instant now = clock.instant();
        boolean last = p.total() > 0 && p.done() >= p.total();
        if (!last && lastDraw != null && Duration.between(lastDraw, now).compareTo(MIN_INTERVAL) < 0) {
            return;
        }
        for (Shared s : shared) {
            if (!s.readyForBar()) {
                return; // a line of output is unfinished: drawing now would glue the bar to it
            }
        }
        lastDraw = now;
        String line = render(p);
        StringBuilder out = new StringBuilder(line.length() + 2 * drawnLength + 2).append('\r').append(line);
        if (line.length() < drawnLength) {
            out.repeat(' ', drawnLength - line.length()); // wipe what the longer line left
        }
        drawnLength = line.length();
        sink.write(out);
        sink.flushQuietly();
    }

    private void clear() {
        if (drawnLength == 0) {
            return;
        }
        sink.write(new StringBuilder().append('\r').repeat(' ', drawnLength).append('\r'));
        sink.flushQuietly();
        drawnLength = 0;
    }

    /**
     * A stream on the bar's terminal. Its text goes to {@code out} only after the bar is wiped, and
     * reaches the terminal before the bar is drawn again.
     */
    private final class Shared extends Writer {
        private final Writer out;
        private boolean unflushed;
        private boolean midLine;

        Shared(Writer out) {
            this.out = out;
        }

        /** Whether the bar may be drawn: standard output is flushed and at the start of a line. */
        boolean readyForBar() {
            if (unflushed) {
                try {
                    out.flush();
                    unflushed = false;
                } catch (IOException e) {
                    return false; // its writer will see the failure on its own next write
                }
            }
            return !midLine;
        }

        @Override
        public void write(char[] text, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            synchronized (ProgressBar.this) {
                clear();
                out.write(text, offset, length);
                unflushed = true;
                midLine = text[offset + length - 1] != '\n';
            }
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            synchronized (ProgressBar.this) {
                clear();
                out.write(text, offset, length);
                unflushed = true;
                midLine = text.charAt(offset + length - 1) != '\n';
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (ProgressBar.this) {
                out.flush();
                unflushed = false;
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (ProgressBar.this) {
                out.close();
                unflushed = false;
            }
        }
    }

    private static String rate(double perSecond) {
        if (!Double.isFinite(perSecond) || perSecond < 0) {
            return "-/s";
        }
        if (perSecond < 1000) {
            return String.format(Locale.ROOT, "%.0f/s", perSecond);
        }
        if (perSecond < 999_950) {
            return String.format(Locale.ROOT, "%.1fk/s", perSecond / 1000);
        }
        return String.format(Locale.ROOT, "%.1fM/s", perSecond / 1_000_000);
    }

    private static String eta(Optional<Duration> eta) {
        if (eta.isEmpty() || eta.get().isNegative()) {
            return "--:--";
        }
        long s = eta.get().toSeconds();
        return s < 3600
                ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
