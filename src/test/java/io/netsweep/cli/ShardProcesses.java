package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The parts of a sharded scan as real netsweep processes started at once, as an Indexed Job's pods, over loopback
 * listeners of the test's own: each part's standard error in a file of the test's directory, its XDG directories
 * there too. {@link #close} ends every part still running and closes the listeners. Belongs to one test.
 */
final class ShardProcesses implements AutoCloseable {
    /** How long a part may take. */
    static final long TIMEOUT_S = 120;

    /**
     * One part: {@code name} names its standard error's file ({@code NAME.err}); {@code env} is added to the
     * process's environment.
     */
    record Part(String name, Map<String, String> env, List<String> args) {}

    private final Path dir;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    ShardProcesses(Path dir) {
        this.dir = dir;
    }

    /** Listeners on the given 127.0.0.x; the ports: each listener's, open on its address and closed elsewhere, 1, 9. */
    String listen(int... hosts) throws IOException {
        for (int host : hosts) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0." + host)));
        }
        return listeners.stream().map(s -> Integer.toString(s.getLocalPort())).collect(Collectors.joining(","))
                + ",1,9";
    }

    /** The listeners, in the order {@link #listen} opened them. */
    List<ServerSocket> listeners() {
        return listeners;
    }

    /** Starts every part at once and waits for them all, each of which must succeed (its standard error shown). */
    void runAll(List<Part> parts) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        for (Part part : parts) {
            ProcessBuilder b = new ProcessBuilder(NetsweepCommand.of(part.args().toArray(String[]::new)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve(part.name() + ".err").toFile());
            b.environment().putAll(part.env());
            b.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
            b.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
            Process p = b.start();
            processes.add(p);
            started.add(p);
        }
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            String name = parts.get(i).name();
            assertThat(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("%s ended", name).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve(name + ".err"))).isZero();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        for (ServerSocket s : listeners) {
            s.close();
        }
    }
}
