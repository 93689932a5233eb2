package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * netsweep on a real pseudo-terminal, standard output and standard error both on it, as a person
 * runs it: the captured bytes, replayed as a terminal shows them, never have a line of output glued
 * to the progress bar, nor the bar left between or after lines of output.
 */
class TerminalOutputTest {
    /** Runs argv[1:] with stdin, stdout and stderr on a new pseudo-terminal; prints what the terminal received. */
    private static final String ON_A_PTY = """
            import os, pty, select, subprocess, sys, time
            master, slave = pty.openpty()
            child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                     start_new_session=True)
            os.close(slave)
            received = bytearray()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.5)
                if not ready:
                    if child.poll() is not None:
                        break
                    continue
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child's side is closed
                    break
                if not data:
                    break
                received += data
            try:
                code = child.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                sys.exit(124)
            sys.stdout.buffer.write(bytes(received))
            sys.exit(code)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The progress bar's text: {@code [=====>     ] 12/69 probes  40/s  ETA 0:01}. */
    private static final String BAR = "\\] \\d+/\\d+ probes ";

    private final List<ServerSocket> listeners = new ArrayList<>();
    private String ports;

    @BeforeEach
    void openListeners() throws IOException {
        for (int i = 0; i < 3; i++) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        }
        // The listeners among closed ports, in a scan slow enough for the bar to be drawn many times.
        ports = listeners.stream().map(s -> String.valueOf(s.getLocalPort())).collect(Collectors.joining(","))
                + ",1-20";
    }

    @AfterEach
    void closeListeners() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    /** What the terminal received from {@code netsweep args...}. */
    private static String onATerminal(String... args) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Prerequisites.require(Files.isExecutable(python), "python3 is not installed (.ci/run installs it)");
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c", ON_A_PTY));
        command.addAll(NetsweepCommand.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("netsweep on a terminal ended").isTrue();
            String received = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(received).isZero();
            return received;
        } finally {
            p.destroyForcibly();
        }
    }

    /** The terminal's lines after {@code received}: CR returns to the first column, text overwrites, LF starts a line. */
    static List<String> screen(String received) {
        List<String> lines = new ArrayList<>();
        for (String segment : received.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            int col = 0;
            for (char c : segment.toCharArray()) {
                if (c == '\r') {
                    col = 0;
                } else if (col < line.length()) {
                    line.setCharAt(col++, c);
                } else {
                    line.append(c);
                    col++;
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    private String[] scan(String... extra) {
        List<String> args = new ArrayList<>(List.of("-n", "-Pn", "--rate", "40", "-p", ports));
        args.addAll(List.of(extra));
        args.add("127.0.0.1-3");
        return args.toArray(String[]::new);
    }

    @Test
    void machineOutputOnTheBarsTerminalHasNoBarUnlessAskedFor() throws Exception {
        String received = onATerminal(scan("-o", "json"));
        assertThat(received).doesNotContainPattern(BAR).doesNotContainPattern("\r[^\n]");
        List<String> lines = screen(received);
        assertThat(lines).hasSizeGreaterThan(5);
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("type")).as(line).isTrue();
        }
        assertThat(lines.getLast()).contains("\"type\":\"finished\"");
    }

    @Test
    void anAskedForBarGivesWayToEveryJsonLine() throws Exception {
        String received = onATerminal(scan("-o", "json", "--progress"));
        assertThat(received).as("the bar was drawn").containsPattern(BAR);
        List<String> lines = screen(received);
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("type")).as("a line of JSON alone: %s", line).isTrue();
        }
        assertThat(lines).filteredOn(l -> l.contains("\"type\":\"port\"")).hasSize(listeners.size());
        assertThat(lines.getLast()).contains("\"type\":\"finished\"");
    }

    @Test
    void anAskedForBarGivesWayToEveryCsvRow() throws Exception {
        String received = onATerminal(scan("-o", "csv", "--progress"));
        assertThat(received).as("the bar was drawn").containsPattern(BAR);
        List<String> lines = screen(received);
        assertThat(lines).as("no row glued to the bar").noneMatch(l -> l.contains(" probes "));
        assertThat(lines.getFirst()).startsWith("ip,hostname,mac,vendor,");
        assertThat(lines).hasSize(1 + listeners.size() + 2); // header, the open ports of .1, one row for .2 and .3
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).matches("127\\.0\\.0\\.[123],[^\\[]*")
                .doesNotContain(" probes "));
    }

    @Test
    void theTableKeepsItsBarOffItsLines() throws Exception {
        String received = onATerminal(scan());
        assertThat(received).as("the bar is on by default for the table").containsPattern(BAR);
        List<String> lines = screen(received);
        assertThat(lines).noneMatch(l -> l.contains(" probes "));
        assertThat(lines.getFirst()).startsWith("Starting netsweep: 3 addresses");
        assertThat(lines).filteredOn(l -> l.startsWith("Host ")).map(l -> l.split("  ")[0])
                .containsExactly("Host 127.0.0.1", "Host 127.0.0.2", "Host 127.0.0.3");
        assertThat(lines.getLast()).startsWith("netsweep done: 3 addresses, 3 hosts up, 3 open ports");
    }
}
