package io.netsweep.cli;

import io.netsweep.scan.ScanSession;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * What Ctrl-C (SIGINT) does to a command-line run, whatever the instant it comes:
 * <ul>
 *   <li>before netsweep opens any output (parsing, validation, the web UI): the process ends at once
 *       with exit code 130, leaving no output file behind;</li>
 *   <li>once outputs are being opened, the scan is cancelled as soon as it exists, so every output gets
 *       a complete document (the table's summary line, XML that parses, JSON Lines ending with a
 *       {@code cancelled} line) and the run ends with exit code 130;</li>
 *   <li>a second Ctrl-C ends the process at once, whatever is left unwritten.</li>
 * </ul>
 * {@link #install} takes over SIGINT from the JVM first thing in {@code main}, so there is no window
 * in which an output file exists but the JVM's default handler would end the process without
 * completing it. Thread-safe: the signal arrives on its own thread.
 */
final class CtrlC {
    private final IntConsumer exit;
    private final IntConsumer halt;
    private boolean requested;
    private boolean outputsOpening;
    private Runnable cancel;

    private CtrlC(IntConsumer exit, IntConsumer halt) {
        this.exit = exit;
        this.halt = halt;
    }

    /**
     * Handles SIGINT from now on.
     *
     * @param exit ends the process in an orderly way (shutdown hooks run): {@code System::exit}
     */
    static CtrlC install(IntConsumer exit) {
        CtrlC c = of(exit, code -> Runtime.getRuntime().halt(code));
        try {
            Signal.handle(new Signal("INT"), sig -> c.interrupted());
        } catch (IllegalArgumentException e) {
            // No SIGINT to catch (started with it ignored, say): Ctrl-C cannot reach this process anyway.
        }
        return c;
    }

    /** One that no signal reaches: for runs inside another program (tests, the start-up training). */
    static CtrlC none() {
        return of(code -> { }, code -> { });
    }

    /** One that only {@link #interrupted} reaches, ending the process through {@code exit} and {@code halt}. */
    static CtrlC of(IntConsumer exit, IntConsumer halt) {
        return new CtrlC(exit, halt);
    }

    /** A Ctrl-C came, or a test says it did. */
    void interrupted() {
        boolean exitNow;
        Runnable toCancel;
        synchronized (this) {
            if (requested) {
                halt.accept(ExitCodes.CANCELLED); // the second one: leave now
                return;
            }
            requested = true;
            exitNow = !outputsOpening;
            toCancel = cancel;
        }
        if (toCancel != null) {
            toCancel.run();
        } else if (exitNow) {
            exit.accept(ExitCodes.CANCELLED);
        }
    }

    /**
     * Called before the first output is opened. From then on Ctrl-C no longer ends the process but
     * cancels the scan. False if Ctrl-C came first: then open nothing and end with exit code 130.
     */
    synchronized boolean beginOutputs() {
        outputsOpening = !requested;
        return outputsOpening;
    }

    /** The scan whose outputs are open; cancelled at once if Ctrl-C came while they were being opened. */
    void attach(ScanSession s) {
        attach(s::cancel);
    }

    /**
     * What stops the run, for a run of many scans ({@code watch}): it cancels the scan under way, or ends the
     * wait between two; run at once if Ctrl-C came while the outputs were being opened.
     */
    void attach(Runnable stop) {
        boolean cancelNow;
        synchronized (this) {
            cancel = stop;
            cancelNow = requested;
        }
        if (cancelNow) {
            stop.run();
        }
    }
}
