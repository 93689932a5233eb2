package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which TCP scan runs: SYN when privileged (asked for with -sS, or by default), connect with -sT; without
 * CAP_NET_RAW (a child run as nobody through setpriv) -sS falls back to connect and says so, and the default is
 * connect. Each case scans loopback through the real pipeline in a child JVM ({@link SynChoiceMain}).
 */
class SynChoiceTest {
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all", "--");

    @BeforeAll
    static void rootAndSetpriv() throws Exception {
        boolean root = Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        Prerequisites.require(root && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root (raw sockets) and setpriv (to drop them)");
    }

    private static Properties run(boolean asNobody, String method) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            cmd.addAll(AS_NOBODY);
        }
        // Only netsweep's own classes: readable by nobody, unlike the Maven repository under /root.
        Path dir = Path.of("").toAbsolutePath();
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED", "-cp",
                dir.resolve("target/classes") + ":" + dir.resolve("target/test-classes"),
                SynChoiceMain.class.getName(), method));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child overran");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        Properties values = new Properties();
        values.load(new StringReader(text));
        assertThat(values.getProperty("failed")).as(text).isNull();
        return values;
    }

    @Test
    void privilegedScansAreSynByDefaultAndWithSS() throws Exception {
        for (String method : List.of("DEFAULT", "SYN")) {
            Properties v = run(false, method);
            assertThat(v.getProperty("type")).as(method).isEqualTo("syn");
            assertThat(v.getProperty("fallback")).isEqualTo("false");
            assertThat(v.getProperty("open")).isEqualTo("open/syn-ack");
            assertThat(v.getProperty("closed")).isEqualTo("closed/reset");
        }
    }

    @Test
    void sTIsAConnectScanEvenWhenPrivileged() throws Exception {
        Properties v = run(false, "CONNECT");
        assertThat(v.getProperty("type")).isEqualTo("connect");
        assertThat(v.getProperty("fallback")).isEqualTo("false");
        assertThat(v.getProperty("open")).isEqualTo("open/syn-ack");
        assertThat(v.getProperty("closed")).isEqualTo("closed/conn-refused");
    }

    @Test
    void withoutCapNetRawSSFallsBackToConnectAndSaysSo() throws Exception {
        Properties v = run(true, "SYN");
        assertThat(v.getProperty("type")).isEqualTo("connect");
        assertThat(v.getProperty("fallback")).isEqualTo("true");
        assertThat(v.getProperty("open")).isEqualTo("open/syn-ack");
        assertThat(v.getProperty("closed")).isEqualTo("closed/conn-refused");
        Properties d = run(true, "DEFAULT");
        assertThat(d.getProperty("type")).as("the default without privilege").isEqualTo("connect");
        assertThat(d.getProperty("fallback")).as("nothing was asked, nothing fell back").isEqualTo("false");
    }
}
