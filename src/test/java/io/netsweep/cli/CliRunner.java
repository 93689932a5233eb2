package io.netsweep.cli;

import io.netsweep.scan.Scanner;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the command line in this JVM with captured streams. */
record CliRunner(int exitCode, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new CliRunner(code, out.toString(), err.toString());
    }

    /**
     * Runs the command line in this JVM as {@link #run(String...)} does, in the real world but for {@code env},
     * which the command sees in place of or beside the process's environment.
     */
    static CliRunner run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext world = Main.context(new PrintWriter(out, true), new PrintWriter(err, true), () -> false,
                () -> false, CtrlC.none(), args);
        CliContext context = new CliContext(world.out(), world.err(), world.stderrIsTerminal(), world.stdoutIsTerminal(),
                world.scanner(), world.resolvers(), world.ctrlC(), world.commandLine(),
                name -> env.containsKey(name) ? env.get(name) : System.getenv(name));
        int code = Main.run(args, context);
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
        return new Recorder("netsweep " + String.join(" ", args)).run(args);
    }

    /**
     * Runs command line after command line as {@link #recorded} does, each with a scanner, a resolver and streams
     * of its own, through command models built once ({@link Main.Commands}): for property tests, which run
     * thousands. The context's command line (stored with a scan) is the same for every run. Not thread-safe.
     */
    static final class Recorder {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final List<String> lookups = new CopyOnWriteArrayList<>();
        private final Main.Commands commands;
        private volatile RecordingScanner scanner = new RecordingScanner();

        Recorder(String commandLine) {
            HostResolver resolver = name -> {
                lookups.add(name);
                throw new TargetException("cannot resolve target \"" + name + "\": no DNS in this test");
            };
            Scanner current = (request, listener) -> scanner.start(request, listener);
            commands = new Main.Commands(new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                    () -> false, current, servers -> resolver, CtrlC.none(), commandLine));
        }

        Recorded run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            lookups.clear();
            RecordingScanner mine = new RecordingScanner();
            scanner = mine;
            int code = Main.run(args, commands);
            return new Recorded(code, out.toString(), err.toString(), mine, List.copyOf(lookups));
        }
    }
}
