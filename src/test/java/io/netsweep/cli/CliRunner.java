package io.netsweep.cli;

import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the command line in this JVM with captured streams. */
record CliRunner(int exitCode, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new CliRunner(code, out.toString(), err.toString());
    }

    /** What a parse-only run did: its outcome, the scans it started, and the hostnames it asked to resolve. */
    record Recorded(int exitCode, String out, String err, RecordingScanner scanner, List<String> lookups) {
        /** Standard error's lines. */
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /**
     * Runs the command line with a {@link RecordingScanner} and a resolver that records each hostname and
     * refuses it, so nothing is sent anywhere: for tests of what is accepted and refused.
     */
    static Recorded recorded(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RecordingScanner scanner = new RecordingScanner();
        List<String> lookups = new CopyOnWriteArrayList<>();
        HostResolver resolver = name -> {
            lookups.add(name);
            throw new TargetException("cannot resolve target \"" + name + "\": no DNS in this test");
        };
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), () -> false,
                scanner, servers -> resolver, CtrlC.none(), "netsweep " + String.join(" ", args));
        int code = Main.run(args, context);
        return new Recorded(code, out.toString(), err.toString(), scanner, List.copyOf(lookups));
    }
}
