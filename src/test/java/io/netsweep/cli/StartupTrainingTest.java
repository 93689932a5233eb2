package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run the launcher records its class-data-sharing archive from: it must walk the
 * paths real commands take (so their classes are in the archive), print nothing, and end by itself.
 * Its probes go to 127.0.0.1 only.
 */
class StartupTrainingTest {

    @Test
    void trainingLoadsTheClassesOfDiscoveryPortScansDnsEveryOutputAndPostgresqlAndPrintsNothing(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("classes.log");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load:file=" + log,
                "-D" + StartupTraining.PROPERTY + "=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ends by itself").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("output is discarded").isEmpty();
        String loaded = Files.readString(log);
        for (String c : List.of("picocli.CommandLine$Help", "io.netsweep.cli.ScanRunner",
                "io.netsweep.discovery.SweepEngine", "io.netsweep.discovery.HostEmitter",
                "io.netsweep.portscan.ConnectEngine", "io.netsweep.port.PortData", "io.netsweep.dns.ReverseResolver",
                "org.xbill.DNS.Message", "io.netsweep.output.JsonLinesWriter", "io.netsweep.output.TableWriter",
                "io.netsweep.output.CsvWriter", "io.netsweep.output.NmapXmlWriter", "io.netsweep.output.ProgressBar",
                "io.netsweep.output.GrepableWriter", "io.netsweep.output.VerboseLog", "io.netsweep.cli.AsciiNumbers")) {
            assertThat(loaded).as("trained: %s", c).contains(" " + c + " ");
        }
        // A scan into PostgreSQL: the training has no server, so the driver's classes and the JDK's of its SCRAM
        // authentication are loaded rather than run.
        for (String c : List.of("org.postgresql.core.v3.QueryExecutorImpl", "org.postgresql.copy.CopyManager",
                "org.postgresql.jdbc.PgPreparedStatement", "io.netsweep.store.RowCopy",
                "io.netsweep.store.PostgresScanStore", "javax.crypto.Mac", "com.sun.crypto.provider.PBKDF2Core",
                "jdk.internal.icu.impl.NormalizerImpl")) {
            assertThat(loaded).as("trained: %s", c).contains(" " + c + " ");
        }
    }
}
