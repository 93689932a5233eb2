package io.netsweep.cli;

import io.netsweep.cli.OutputPlan.FileOutput;
import io.netsweep.output.CsvWriter;
import io.netsweep.output.GrepableWriter;
import io.netsweep.output.JsonLinesWriter;
import io.netsweep.output.NmapXmlWriter;
import io.netsweep.output.ProgressBar;
import io.netsweep.output.TableWriter;
import io.netsweep.output.VerboseLog;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.WorkSplit;
import io.netsweep.scan.ScanSession;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanRecorder;
import io.netsweep.store.ScanShard;
import io.netsweep.store.TargetKey;
import io.netsweep.store.StoreException;
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
import java.util.concurrent.TimeoutException;

/**
 * Runs one scan for the command line: opens every output before anything is sent, streams events to
 * them, turns Ctrl-C into a prompt cancel that keeps partial results ({@link CtrlC}), and maps the
 * outcome to an exit code. Used once, from the main thread.
 */
final class ScanRunner {
    /** Longest wait, after the scan, for the store to write what is queued: longer than its busy timeout. */
    static final Duration STORE_WAIT = Duration.ofSeconds(60);
    private final CliContext context;

    ScanRunner(CliContext context) {
        this.context = context;
    }

    /**
     * @param verbosity 0, or the number of {@code -v}
     * @param progress  whether to draw the progress bar on stderr
     */
    int run(ScanRequest request, OutputPlan outputs, boolean progress, int verbosity) {
        return run(request, outputs, progress, verbosity, Optional.empty(), "", "");
    }

    /**
     * @param archive where the scan is stored, if it is: its recorder opens the store while the scan starts,
     *                and the run waits for it to write the scan's end before returning
     * @param targets the targets as typed, for the store's listings
     * @param run     the label of the run a shard belongs to ({@code NETSWEEP_RUN}), empty for none
     */
    int run(ScanRequest request, OutputPlan outputs, boolean progress, int verbosity, Optional<ScanArchive> archive,
            String targets, String run) {
        if (!context.ctrlC().beginOutputs()) {
            return ExitCodes.CANCELLED; // Ctrl-C came before any output existed: leave none behind
        }
        List<ScanListener> listeners = new ArrayList<>();
        List<Flushable> flushables = new ArrayList<>();
        List<Closeable> files = new ArrayList<>();
        Writer out = context.out();
        Writer log = context.err();
        if (progress) {
            ProgressBar bar = new ProgressBar(context.err(), true, InstantSource.system());
            listeners.add(bar);
            if (context.stdoutIsTerminal().getAsBoolean()) {
                out = bar.sharing(out); // one screen: the bar gives way to every line of output
            }
            log = bar.sharing(log); // the verbose log shares the bar's own line
        }
        if (verbosity > 0) {
            listeners.add(new VerboseLog(log, verbosity));
        }
        ScanListener stdout = writer(outputs.stdout(), out, verbosity);
        listeners.add(stdout);
        flushables.add((Flushable) stdout);
        for (ScanListener w : open(outputs.files(), verbosity)) {
            listeners.add(w);
            files.add((Closeable) w);
        }
        Optional<ScanShard> shard = WorkSplit.of(request).mark().map(m -> new ScanShard(m.shard().index(),
                m.shard().count(), m.split().label(), m.seed(), m.optionsDigest(), run, TargetKey.of(request.targets())));
        Optional<ScanRecorder> recorder = archive.map(a -> a.record(stored(request), "cli", targets
                + request.shard().map(part -> " --shard " + part).orElse(""), shard));
        recorder.ifPresent(listeners::add);
        try {
            ScanListener all = event -> {
                for (ScanListener l : listeners) {
                    l.onEvent(event);
                }
            };
            ScanSession session = context.scanner().start(request, all);
            context.ctrlC().attach(session);
            while (!session.await(Duration.ofSeconds(1))) {
                // wait; Ctrl-C cancels through CtrlC
            }
            int code = exitCode(session.outcome().orElseThrow());
            code = finish(flushables, files) ? code : Math.max(code, ExitCodes.FAILED);
            return stored(recorder) ? code : Math.max(code, ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(flushables, files);
            return ExitCodes.CANCELLED;
        }
    }

    /** Waits for the store to write the scan's end; false (after one line saying why) if it could not. */
    private boolean stored(Optional<ScanRecorder> recorder) throws InterruptedException {
        if (recorder.isEmpty()) {
            return true;
        }
        try {
            Optional<StoreException> failure = recorder.get().await(STORE_WAIT);
            if (failure.isPresent()) {
                context.diagnostics().error("scan not stored: " + failure.get().getMessage());
                return false;
            }
            return true;
        } catch (TimeoutException e) {
            context.diagnostics().error("scan not stored completely: the database was still busy after "
                    + STORE_WAIT.toSeconds() + " s");
            return false;
        }
    }

    static ScanListener writer(OutputFormat format, Writer out, int verbosity) {
        return switch (format) {
            case TABLE -> new TableWriter(out);
            case JSON -> new JsonLinesWriter(out);
            case CSV -> new CsvWriter(out);
            case XML -> new NmapXmlWriter(out, VersionProvider.version(), ZoneId.systemDefault(), InstantSource.system());
            case GREPABLE -> new GrepableWriter(out, VersionProvider.version(), ZoneId.systemDefault(),
                    InstantSource.system(), verbosity > 0);
        };
    }

    /**
     * Opens every file; if one cannot be opened, closes those opened and removes those this run created,
     * so a refused command line leaves no empty file behind.
     */
    static List<ScanListener> open(List<FileOutput> outputs, int verbosity) {
        List<ScanListener> writers = new ArrayList<>();
        List<Path> created = new ArrayList<>();
        try {
            for (FileOutput f : outputs) {
                boolean existed = Files.exists(f.path());
                Writer w = open(f);
                if (!existed) {
                    created.add(f.path());
                }
                writers.add(writer(f.format(), w, verbosity));
            }
            return writers;
        } catch (UsageException e) {
            for (ScanListener w : writers) {
                try {
                    ((Closeable) w).close();
                } catch (IOException ignored) {
                    // it is being abandoned, empty
                }
            }
            for (Path p : created) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left as an empty file; the error below says why the run stopped
                }
            }
            throw e;
        }
    }

    private static Writer open(FileOutput f) {
        try {
            return Files.newBufferedWriter(f.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw OutputPlan.cannotWrite(f, reason(e));
        }
    }

    /** Flushes standard output and closes the files; false if any output could not be written. */
    private boolean finish(List<Flushable> flushables, List<Closeable> files) {
        boolean ok = true;
        for (Flushable f : flushables) {
            try {
                f.flush();
            } catch (IOException e) {
                context.diagnostics().error("could not write standard output: " + reason(e));
                ok = false;
            }
        }
        for (Closeable c : files) {
            try {
                c.close();
            } catch (IOException e) {
                context.diagnostics().error("could not write an output file: " + reason(e));
                ok = false;
            }
        }
        context.out().flush();
        context.err().flush();
        return ok;
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private int exitCode(ScanEvent outcome) {
        return switch (outcome) {
            case ScanEvent.Finished f -> ExitCodes.OK;
            case ScanEvent.Cancelled c -> ExitCodes.CANCELLED;
            case ScanEvent.Failed f -> {
                context.diagnostics().error(f.message());
                yield ExitCodes.FAILED;
            }
            default -> throw new IllegalStateException("not a terminal event: " + outcome);
        };
    }

    /**
     * The request as the store keeps it: a part of a scan split by address is a scan of its own addresses, so that
     * history and diff pair it with the same part of other runs, not with the whole scan or with other parts.
     */
    private static ScanRequest stored(ScanRequest request) {
        if (request.shard().isEmpty()) {
            return request;
        }
        WorkSplit work = WorkSplit.of(request);
        boolean byAddress = work.mark().map(m -> m.split() == WorkSplit.Kind.ADDRESS).orElse(false);
        return byAddress && work.targets().size() > 0 ? request.withTargets(work.targets()) : request;
    }
}
