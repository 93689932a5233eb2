package io.netsweep.cli;

import io.netsweep.output.CsvWriter;
import io.netsweep.output.JsonLinesWriter;
import io.netsweep.output.NmapXmlWriter;
import io.netsweep.output.ProgressBar;
import io.netsweep.output.TableWriter;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Runs one scan for the command line: opens every output before anything is sent, streams events to
 * them, turns Ctrl-C into a prompt cancel that keeps partial results, and maps the outcome to an
 * exit code.
 */
final class ScanRunner {
    private final CliContext context;

    ScanRunner(CliContext context) {
        this.context = context;
    }

    int run(ScanRequest request, OutputFormat format, Optional<Path> jsonFile, Optional<Path> xmlFile,
            boolean progress) {
        List<ScanListener> listeners = new ArrayList<>();
        List<Closeable> files = new ArrayList<>();
        List<Flushable> flushables = new ArrayList<>();
        try {
            if (progress) {
                // First, so its line is wiped before a host block is printed below it.
                listeners.add(new ProgressBar(context.err(), true, InstantSource.system()));
            }
            ScanListener stdout = switch (format) {
                case TABLE -> new TableWriter(context.out());
                case JSON -> new JsonLinesWriter(context.out());
                case CSV -> new CsvWriter(context.out());
            };
            listeners.add(stdout);
            flushables.add((Flushable) stdout);
            if (jsonFile.isPresent()) {
                JsonLinesWriter w = new JsonLinesWriter(open(jsonFile.get(), "-oJ"));
                listeners.add(w);
                files.add(w);
            }
            if (xmlFile.isPresent()) {
                NmapXmlWriter w = new NmapXmlWriter(open(xmlFile.get(), "-oX"), VersionProvider.version(),
                        ZoneId.systemDefault(), InstantSource.system());
                listeners.add(w);
                files.add(w);
            }
            ScanListener all = event -> {
                for (ScanListener l : listeners) {
                    l.onEvent(event);
                }
            };
            ScanSession session = context.scanner().start(request, all);
            onInterrupt(session);
            while (!session.await(Duration.ofSeconds(1))) {
                // wait; Ctrl-C cancels through the signal handler
            }
            int code = exitCode(session.outcome().orElseThrow());
            return finish(flushables, files) ? code : Math.max(code, ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(flushables, files);
            return ExitCodes.CANCELLED;
        }
    }

    /** Flushes standard output and closes the files; false if any output could not be written. */
    private boolean finish(List<Flushable> flushables, List<Closeable> files) {
        boolean ok = true;
        for (Flushable f : flushables) {
            try {
                f.flush();
            } catch (IOException e) {
                context.err().println("netsweep: could not write standard output: " + reason(e));
                ok = false;
            }
        }
        for (Closeable c : files) {
            try {
                c.close();
            } catch (IOException e) {
                context.err().println("netsweep: could not write an output file: " + reason(e));
                ok = false;
            }
        }
        context.out().flush();
        context.err().flush();
        return ok;
    }

    private static Writer open(Path file, String option) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + option + " file \"" + file + "\": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** First Ctrl-C cancels and keeps what was found; a second one leaves at once. */
    private void onInterrupt(ScanSession session) {
        try {
            Signal.handle(new Signal("INT"), new sun.misc.SignalHandler() {
                private volatile boolean again;

                @Override
                public void handle(Signal sig) {
                    if (again) {
                        Runtime.getRuntime().halt(ExitCodes.CANCELLED);
                    }
                    again = true;
                    session.cancel();
                }
            });
        } catch (IllegalArgumentException e) {
            // No SIGINT to catch (e.g. started with it ignored): Ctrl-C cannot reach us anyway.
        }
    }

    private int exitCode(ScanEvent outcome) {
        return switch (outcome) {
            case ScanEvent.Finished f -> ExitCodes.OK;
            case ScanEvent.Cancelled c -> ExitCodes.CANCELLED;
            case ScanEvent.Failed f -> {
                context.err().println("netsweep: " + f.message());
                yield ExitCodes.FAILED;
            }
            default -> throw new IllegalStateException("not a terminal event: " + outcome);
        };
    }
}
