package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targets as nmap users type them, through the real command line: octet patterns, comma lists in
 * {@code --exclude}, {@code -iL -} from standard input, and target files that could exhaust memory.
 * Scans go to 127.0.0.0/8 only (all of it is loopback), against a listener on 127.0.0.1.
 */
class TargetInputCliTest {
    private static final Pattern HOST = Pattern.compile("\"type\":\"host\",\"ip\":\"([0-9.]+)\"");

    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private String port() {
        return Integer.toString(listener.getLocalPort());
    }

    private static TreeSet<String> hosts(String jsonLines) {
        TreeSet<String> hosts = new TreeSet<>();
        Matcher m = HOST.matcher(jsonLines);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        return hosts;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--exclude 127.0.0.2,5", "--exclude=127.0.0.2,5"}) // quick reader and picocli
    void octetListTargetAndCommaListExclusion(String exclude) {
        List<String> args = new java.util.ArrayList<>(List.of("-n", "-Pn", "-p", port(), "-o", "json", "--no-progress",
                "127.0.0.1-3,5", "127.0.1-2.7"));
        args.addAll(List.of(exclude.split(" ")));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(hosts(r.out())).containsExactly("127.0.0.1", "127.0.0.3", "127.0.1.7", "127.0.2.7");
        assertThat(r.out()).contains("\"ip\":\"127.0.0.1\",\"port\":" + port() + ",\"proto\":\"tcp\",\"state\":\"open\"");
    }

    @Test
    void commaListOfWholeAddressesAsOneArgumentSaysToUseBlanks() {
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", port(), "127.0.0.1,127.0.0.2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("netsweep: invalid target \"127.0.0.1,127.0.0.2\": an IPv4 address has"
                + " four dot-separated octets (separate targets with blanks)");
    }

    @ParameterizedTest(name = "{0} /dev/zero")
    @ValueSource(strings = {"-iL", "--exclude-file"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void devZeroIsOneLineAndExitTwo(String option) {
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", port(), "127.0.0.1", option, "/dev/zero");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("netsweep: cannot read ").contains("\"/dev/zero\": line 1 is longer than 65536 characters");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dashReadsTargetsFromStandardInput() throws Exception {
        Result r = runWithInput("127.0.0.1,3 # two hosts\n127.0.0.9\n", "-n", "-Pn", "-p", port(), "-o", "json",
                "--no-progress", "-iL", "-", "--exclude", "127.0.0.9");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(hosts(r.out())).containsExactly("127.0.0.1", "127.0.0.3");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void badTargetOnStandardInputIsNamedByLine() throws Exception {
        Result r = runWithInput("127.0.0.1\n127.0.0.300\n", "-n", "-Pn", "-p", port(), "-iL", "-");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo(
                "netsweep: invalid target \"127.0.0.300\": octet 300 is above 255 (targets on standard input, line 2)");
    }

    private record Result(int exitCode, String out, String err) {}

    /** Runs netsweep in its own JVM with {@code input} on its standard input. */
    private static Result runWithInput(String input, String... args) throws Exception {
        Process p = new ProcessBuilder(NetsweepCommand.of(args)).start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly(); // only if still running: this test's own process
        }
    }
}
