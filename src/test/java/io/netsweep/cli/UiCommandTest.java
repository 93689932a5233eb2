package io.netsweep.cli;

import io.netsweep.testing.NetsweepCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code netsweep ui} as a process: prints its address with a token, serves the page, stops on SIGTERM. */
class UiCommandTest {

    private static Process ui(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(NetsweepCommand.of("ui", "--no-open"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void printsATokenAddressOnLoopbackAndServesIt() throws Exception {
        Process p = ui();
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
        Process p = ui("--bind", "0.0.0.0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).contains("WARNING").contains("0.0.0.0");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badBindAndPortAreUsageErrors() {
        assertThat(CliRunner.run("ui", "--no-open", "--bind", "example.com").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("ui", "--no-open", "--port", "70000").exitCode()).isEqualTo(2);
    }
}
