package io.netsweep.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs netsweep's {@code Main} in a new JVM, the same JVM and classpath as the tests,
 * so end-to-end tests exercise the real process: its exit code, its streams, its signals.
 */
public final class NetsweepCommand {
    private NetsweepCommand() {}

    /** {@code java --enable-native-access=ALL-UNNAMED -cp <test classpath> io.netsweep.cli.Main ARGS...} */
    public static List<String> of(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.netsweep.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
