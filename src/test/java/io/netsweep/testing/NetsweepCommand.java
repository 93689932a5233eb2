package io.netsweep.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs netsweep's {@code Main} in a new JVM, the same JVM and classpath as the tests,
 * so end-to-end tests exercise the real process: its exit code, its streams, its signals.
 *
 * <p>The JVM gets the options the {@code netsweep} launcher gives it (Serial GC, a small first heap, C1 only; for
 * {@code ui}, G1 with its heap ceiling), so a test's process behaves as a user's does, and costs what it does:
 * without them (G1 and C2 for a process that lives seconds) each one took about 60% more CPU time.
 */
public final class NetsweepCommand {
    /** As the launcher's {@code jvm}: a scan's heap is small and short-lived, too short for C2 to pay back. */
    private static final List<String> SCAN_JVM = List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:TieredStopAtLevel=1");
    /** As the launcher's options for {@code ui}, which serves for hours. */
    private static final List<String> UI_JVM = List.of("-XX:+UseG1GC", "-Xms16m", "-Xmx256m",
            "-XX:G1PeriodicGCInterval=30000", "-XX:TieredStopAtLevel=1");

    private NetsweepCommand() {}

    /** The JVM options a netsweep run with {@code args} gets, as from the launcher. */
    public static List<String> jvmOptions(String... args) {
        return args.length > 0 && args[0].equals("ui") ? UI_JVM : SCAN_JVM;
    }

    /** {@code java JVM-OPTIONS --enable-native-access=ALL-UNNAMED -cp <test classpath> io.netsweep.cli.Main ARGS...} */
    public static List<String> of(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(jvmOptions(args));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.netsweep.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
