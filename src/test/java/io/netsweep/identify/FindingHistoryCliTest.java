package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.FakeService.Reply;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.NetsweepRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings across stored scans, end to end as separate processes: an Ollama on loopback upgraded and downgraded
 * between three {@code --preset ai} scans into one database raises and drops its advisories' findings, which
 * {@code netsweep diff} reports as changes and {@code netsweep hosts --finding} filters on.
 */
class FindingHistoryCliTest {
    private static final String OLD = "{\"version\":\"0.1.29\"}";
    private static final String NEW = "{\"version\":\"0.17.1\"}"; // no known advisory

    @TempDir
    Path dir;

    @Test
    void advisoriesRaisedAndDroppedByAnUpgradeAreChangesAndTheInventoryFiltersOnThem() throws Exception {
        AtomicReference<String> version = new AtomicReference<>(NEW);
        try (FakeService ollama = LlmFakes.ollama()
                .route("/api/version", exchange -> Reply.json(version.get()).handle(exchange)).start()) {
            String db = dir.resolve("netsweep.db").toString();
            String port = Integer.toString(ollama.port());
            scan(db, port);
            version.set(OLD);
            scan(db, port);
            NetsweepRun critical = NetsweepRun.of("hosts", "--db", db, "--finding", "critical", "-o", "json")
                    .assertSuccess();
            assertThat(critical.lines()).singleElement().asString().contains("\"ip\":\"127.0.0.1\"")
                    .contains("{\"port\":" + port + ",\"proto\":\"tcp\",\"id\":\"vuln:CVE-2024-37032\","
                            + "\"severity\":\"critical\"}")
                    .contains("{\"port\":" + port + ",\"proto\":\"tcp\",\"id\":\"llm-api-no-auth\",\"severity\":\"high\"}");
            version.set(NEW);
            scan(db, port);

            NetsweepRun raised = NetsweepRun.of("diff", "1", "2", "--db", db).assertExit(1);
            assertThat(raised.lines())
                    .anyMatch(l -> l.startsWith("+ 127.0.0.1 " + port + "/tcp finding critical vuln:CVE-2024-37032: "))
                    .anyMatch(l -> l.startsWith("~ 127.0.0.1 " + port + "/tcp Ollama 0.17.1"))
                    .noneMatch(l -> l.contains("llm-api-no-auth"));
            NetsweepRun gone = NetsweepRun.of("diff", "2", "3", "--db", db, "-o", "json").assertExit(1);
            assertThat(gone.stdout()).contains("{\"ip\":\"127.0.0.1\",\"type\":\"finding_gone\","
                    + "\"port\":" + port + ",\"finding\":\"vuln:CVE-2024-37032\",\"severity\":\"critical\"");
            assertThat(NetsweepRun.of("hosts", "--db", db, "--finding", "critical").assertSuccess().lines()).isEmpty();
            assertThat(NetsweepRun.of("hosts", "--db", db, "--finding", "llm-api-no-auth", "-o", "csv").assertSuccess()
                    .lines()).hasSize(2)
                    .last().asString().startsWith("127.0.0.1,").endsWith("," + port + "/high/llm-api-no-auth");
        }
    }

    private void scan(String db, String port) throws Exception {
        NetsweepRun.of("--db", db, "--preset", "ai", "-p", port, "-Pn", "-n", "-o", "json", "127.0.0.1")
                .assertSuccess();
    }

}
