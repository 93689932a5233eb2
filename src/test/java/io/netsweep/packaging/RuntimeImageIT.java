package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The self-contained runtime image of {@code packaging/build-image}, built once from target/netsweep.jar and
 * target/lib and run from a copy somewhere else (as an installed image is): no JDK needed, the modules jdeps finds,
 * the class-data-sharing archive used, real scans of loopback. Slow (about a minute: jlink and the training run);
 * run by failsafe after {@code package}.
 */
@Tag("packaging")
class RuntimeImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static Path work;
    private static Path image;

    @BeforeAll
    static void buildAndMoveTheImage() throws Exception {
        work = Files.createTempDirectory("nsw-image-it-");
        Path built = work.resolve("built");
        Run.of(Duration.ofMinutes(8), Run.PROJECT.resolve("packaging/build-image").toString(),
                "--app", Run.PROJECT.resolve("target").toString(), "--out", built.toString()).ok();
        // Installed elsewhere than where it was built, as a package installs it.
        image = work.resolve("elsewhere/netsweep");
        Files.createDirectories(image.getParent());
        Run.of(Duration.ofMinutes(1), "mv", built.toString(), image.toString()).ok();
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        if (work != null) {
            Run.of(Duration.ofMinutes(1), "rm", "-rf", work.toString()).ok();
        }
    }

    /** Runs the image's launcher with no JDK anywhere in its environment. */
    private static Run netsweep(Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString(),
                "XDG_DATA_HOME", work.resolve("data").toString(), "XDG_CACHE_HOME", work.resolve("cache").toString()));
        env.putAll(extraEnv);
        List<String> command = new ArrayList<>(List.of(image.resolve("bin/netsweep").toString()));
        command.addAll(List.of(args));
        return Run.of(work, env, Duration.ofMinutes(2), command);
    }

    @Test
    void theImageRunsWithItsOwnRuntimeAndNoJdk() throws Exception {
        Run r = netsweep(Map.of(), "--version").ok();
        assertThat(r.out().strip()).matches("netsweep [0-9][^ ]* \\(Java 25[^)]*\\)");
        assertThat(r.err()).isEmpty();
        assertThat(image.resolve("bin/java")).isExecutable();
        assertThat(image.resolve("bin/javac")).as("a runtime, not a JDK").doesNotExist();
        assertThat(image.resolve("jmods")).doesNotExist();
    }

    @Test
    void theImageHoldsTheModulesJdepsFindsWithoutJavaDesktop() throws Exception {
        Path target = Run.PROJECT.resolve("target");
        List<String> jars = new ArrayList<>(List.of(target.resolve("netsweep.jar").toString()));
        try (var libs = Files.list(target.resolve("lib"))) {
            libs.map(Path::toString).sorted().forEach(jars::add);
        }
        List<String> jdeps = new ArrayList<>(List.of(JDK.resolve("bin/jdeps").toString(), "-q", "--multi-release", "25",
                "--ignore-missing-deps", "--print-module-deps"));
        jdeps.addAll(jars);
        String found = Run.of(Duration.ofMinutes(2), jdeps.toArray(String[]::new)).ok().out().strip();
        List<String> expected = Arrays.stream(found.lines().reduce((a, b) -> b).orElseThrow().split(","))
                .filter(m -> !m.equals("java.desktop")).sorted().toList();
        assertThat(expected).contains("java.base", "java.sql", "java.net.http");

        String release = Files.readString(image.resolve("release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        List<String> inImage = Arrays.stream(modules.substring("MODULES=\"".length(), modules.length() - 1).split(" "))
                .sorted().toList();
        // jlink adds what the named modules require (java.logging, java.xml, ...), never java.desktop.
        assertThat(inImage).containsAll(expected).doesNotContain("java.desktop");
    }

    @Test
    void theClassDataSharingArchiveIsUsedWhereTheImageIsInstalled() throws Exception {
        Path log = work.resolve("class-load.log");
        netsweep(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log), "-sn", "-n", "--no-save",
                "--no-progress", "127.0.0.1").ok();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Map<String, Long> bySource = lines.stream().filter(l -> l.contains(" source: "))
                .collect(Collectors.groupingBy(l -> l.substring(l.indexOf(" source: ") + 9).startsWith("shared objects file (top)")
                        ? "netsweep's archive" : l.substring(l.indexOf(" source: ") + 9).startsWith("shared objects file")
                        ? "the runtime's archive" : "loaded from the jars", Collectors.counting()));
        assertThat(bySource.getOrDefault("netsweep's archive", 0L)).as("%s", bySource).isGreaterThan(500);
        assertThat(bySource.getOrDefault("the runtime's archive", 0L)).as("%s", bySource).isGreaterThan(500);
        assertThat(lines).anyMatch(l -> l.contains(" io.netsweep.cli.Main source: shared objects file (top)"));
    }

    @Test
    void aLoopbackScanFromTheImageFindsTheOpenPort() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = listener.getLocalPort();
            Run r = netsweep(Map.of(), "-Pn", "-n", "--no-save", "-o", "json", "-p", Integer.toString(port),
                    "127.0.0.1").ok();
            List<JsonNode> events = new ArrayList<>();
            for (String line : r.out().lines().toList()) {
                events.add(JSON.readTree(line));
            }
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("port");
                assertThat(e.path("port").asInt()).isEqualTo(port);
                assertThat(e.path("state").asText()).isEqualTo("open");
            });
        }
    }

    @Test
    void theMcpServerRunsWithTheModulesOfTheImage() throws Exception {
        // The MCP server is the heaviest user of Jackson, the one library that asked for java.desktop.
        Path requests = Files.writeString(work.resolve("mcp-requests.jsonl"), String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}") + "\n");
        Run r = Run.of(work, Map.of("PATH", "/usr/bin:/bin", "XDG_DATA_HOME", work.resolve("data").toString(),
                        "XDG_CACHE_HOME", work.resolve("cache").toString()), Duration.ofMinutes(2),
                List.of("sh", "-c", "exec \"$0\" mcp < \"$1\"", image.resolve("bin/netsweep").toString(),
                        requests.toString())).ok();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            answers.add(JSON.readTree(line));
        }
        assertThat(answers).anySatisfy(a -> assertThat(a.at("/result/serverInfo/name").asText()).isNotEmpty());
        assertThat(answers).anySatisfy(a -> assertThat(a.at("/result/tools").findValuesAsText("name"))
                .contains("scan", "findings"));
    }

}
