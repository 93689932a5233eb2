package io.netsweep.cli;

import io.netsweep.testing.NetsweepCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.netsweep.testing.Prerequisites;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep ui} as a process: prints its address with a token, serves the page, stops on SIGTERM;
 * keeps its token in the data directory, on the default port 7777 unless told otherwise. Every run has a data
 * directory of its own and, but for the default port's test (in a network namespace of its own), port 0. A ui
 * that must refuse to start (a token file it may not use, a port in use) runs in this JVM: a process each would
 * show nothing more, and cost a JVM's start.
 */
class UiCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("netsweep UI: http://127\\.0\\.0\\.1:(\\d+)/\\?token=([A-Za-z0-9_-]{43})");

    @TempDir
    Path data;

    private Process ui(String... args) throws Exception {
        return ui(List.of(), args);
    }

    private Process ui(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(NetsweepCommand.of("ui", "--no-open", "--db", data.resolve("netsweep.db").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_DATA_HOME", data.toString());
        return pb.start();
    }

    private Path tokenFile() {
        return data.resolve("netsweep").resolve("ui-token");
    }

    /** Runs ui until it prints its address; returns the token, and stops it. */
    private String tokenOfOneRun(String... args) throws Exception {
        Process p = ui(args);
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher m = ADDRESS.matcher(String.valueOf(line));
            assertThat(m.matches()).as(line).isTrue();
            return m.group(2);
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Runs ui in this JVM, with the test's data directory, as far as a refusal (before it serves) ends it; returns its
     * exit code and its output, which must all be on stderr. A ui that serves instead fails the test after a minute.
     */
    private CliRunner refused(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ui", "--no-open", "--db", data.resolve("netsweep.db").toString()));
        cmd.addAll(List.of(args));
        CliRunner r = assertTimeoutPreemptively(Duration.ofMinutes(1),
                () -> CliRunner.run(Map.of("XDG_DATA_HOME", data.toString()), cmd.toArray(String[]::new)),
                () -> "ui " + String.join(" ", args) + " was not refused");
        assertThat(r.out()).as("stdout of a refused ui").isEmpty();
        return r;
    }

    @Test
    void printsATokenAddressOnLoopbackAndServesIt() throws Exception {
        Process p = ui("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches("netsweep UI: http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
            URI page = URI.create(line.substring("netsweep UI: ".length()));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(page).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("netsweep");
                String token = page.getQuery().substring("token=".length());
            // The token is the one kept in the data directory, readable by its owner only.
            assertThat(Files.readString(tokenFile()).strip()).isEqualTo(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
                URI api = page.resolve("/api/scans");
                assertThat(http.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(api).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anotherBindAddressIsWarnedAbout() throws Exception {
        Process p = ui("--bind", "0.0.0.0", "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).contains("WARNING").contains("0.0.0.0");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTokenSurvivesARestartAndNewTokenReplacesIt() throws Exception {
        String first = tokenOfOneRun("--port", "0");
        assertThat(tokenOfOneRun("--port", "0")).isEqualTo(first);
        String rotated = tokenOfOneRun("--port", "0", "--new-token");
        assertThat(rotated).isNotEqualTo(first);
        assertThat(Files.readString(tokenFile()).strip()).isEqualTo(rotated);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        assertThat(tokenOfOneRun("--port", "0")).isEqualTo(rotated);
        try (var files = Files.list(tokenFile().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("ui-token")))
                    .containsExactly("ui-token");
        }
    }

    @Test
    void aTokenFileOthersMayReadIsRefusedInOneLine() throws Exception {
        String token = UiToken.load(tokenFile(), false); // the file as ui keeps it
        Files.setPosixFilePermissions(tokenFile(), PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner r = refused("--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("netsweep: ").contains("ui-token", "rw-r--r--", "chmod 600", "--new-token")
                .doesNotContain(token));
        // --new-token is the way out, and leaves a file for the owner only.
        assertThat(tokenOfOneRun("--port", "0", "--new-token")).isNotEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
    }

    @Test
    void aTokenFileOfAnotherUserOrALinkIsRefused() throws Exception {
        UiToken.load(tokenFile(), false); // the file as ui keeps it
        Prerequisites.require(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "giving a file to another user needs root");
        Files.setAttribute(tokenFile(), "unix:uid", 65534);
        CliRunner other = refused("--port", "0");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("another user"));

        Path elsewhere = data.resolve("elsewhere");
        Files.move(tokenFile(), elsewhere);
        Files.setAttribute(elsewhere, "unix:uid", 0);
        Files.createSymbolicLink(tokenFile(), elsewhere);
        CliRunner link = refused("--port", "0");
        assertThat(link.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(link.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("not a regular file"));
    }

    @Test
    void aTokenFileThatHoldsNoTokenIsRefused() throws Exception {
        Files.createDirectories(tokenFile().getParent());
        Files.writeString(tokenFile(), "\u001b[31mnot a token\n");
        Files.setPosixFilePermissions(tokenFile(), PosixFilePermissions.fromString("rw-------"));
        CliRunner r = refused("--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("is not a token")
                .doesNotContain("\u001b"));
    }

    @Test
    void aPortInUseIsOneLineSuggestingAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRunner r = refused("--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                    .isEqualTo("netsweep: port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another netsweep ui?):"
                            + " choose another with --port N, or --port 0 for any free port"));
        }
    }

    /** The default port, in a network namespace of this test's own, so no other run or person's UI is in the way. */
    @Test
    void listensOnPort7777ByDefault() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/unshare"))
                && new ProcessBuilder("/usr/bin/unshare", "--net", "true").start().waitFor() == 0,
                "unshare --net needs root (or user namespaces)");
        Process p = ui(List.of("/usr/bin/unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""));
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher m = ADDRESS.matcher(String.valueOf(line));
            assertThat(m.matches()).as(line).isTrue();
            assertThat(m.group(1)).isEqualTo("7777");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void badBindAndPortAreUsageErrors() {
        assertThat(CliRunner.run("ui", "--no-open", "--bind", "example.com").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("ui", "--no-open", "--port", "70000").exitCode()).isEqualTo(2);
    }
}
