package io.netsweep.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM with captured streams. */
record CliRunner(int exitCode, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new CliRunner(code, out.toString(), err.toString());
    }
}
