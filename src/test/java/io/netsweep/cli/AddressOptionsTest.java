package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.DnsTripwire;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Option values meant as addresses ({@code ui --bind}, {@code --dns-server}) are read as literals only: a
 * bad one is refused in one line without any question to a resolver. Checked on a real netsweep process
 * whose name service is {@link DnsTripwire}, which records every lookup and answers none.
 */
class AddressOptionsTest {

    private record Run(int exitCode, String stderr, List<String> lookups) {}

    private static Run underTripwire(Path dir, String mainClass, String... args) throws Exception {
        Path services = dir.resolve("tripwire/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("java.net.spi.InetAddressResolverProvider"), DnsTripwire.class.getName() + "\n");
        Path log = dir.resolve("lookups.log");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-D" + DnsTripwire.LOG_PROPERTY + "=" + log,
                "-cp", dir.resolve("tripwire") + File.pathSeparator + System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running: " + args);
        }
        List<String> lookups = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(p.exitValue(), err, lookups);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ui --no-open --bind 300.1.1.1", "ui --no-open --bind 1.2.3", "ui --no-open --bind 010.0.0.1",
        "ui --no-open --bind example.invalid", "ui --no-open --bind localhost", "ui --no-open --bind ::g",
        "ui --no-open --bind fe80::1%nosuchif", "ui --no-open --bind 0x7f.1",
        "-sn -n --dns-server 300.1.1.1 127.0.0.1", "-sn --dns-server ns.example.invalid 127.0.0.1",
        "-sn --dns-server [::g]:53 127.0.0.1", "-sn --dns-server 1.2.3:53 127.0.0.1",
    })
    void aBadAddressIsRefusedWithoutAskingAResolver(String line, @TempDir Path dir) throws Exception {
        Run r = underTripwire(dir, Main.class.getName(), line.split(" "));
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).singleElement().asString().startsWith("netsweep: invalid ");
        assertThat(r.lookups()).as("lookups for %s", line).isEmpty();
    }

    @Test
    void theTripwireCatchesALookup(@TempDir Path dir) throws Exception {
        Run r = underTripwire(dir, DnsTripwire.LookupOnce.class.getName(), "300.1.1.1");
        assertThat(r.lookups()).containsExactly("name 300.1.1.1");
    }
}
