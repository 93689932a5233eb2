package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.NetsweepRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep --preset ai} as a separate process over fakes of products that advisories name, each once at a
 * version an advisory names and once at its first fixed version: the JSON Lines output carries {@code vuln:ID}
 * findings (with the advisory's CVE) on the affected ports only.
 */
class AdvisoryFindingsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<FakeService> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeService::close);
    }

    private int fake(String kind, String version) throws Exception {
        FakeService f = AdvisoryBoundaryTest.fake(kind, version).start();
        fakes.add(f);
        return f.port();
    }

    @Test
    void affectedVersionsRaiseTheirAdvisoriesAndFixedOnesDoNot() throws Exception {
        Map<Integer, Set<String>> expected = new LinkedHashMap<>();
        expected.put(fake("n8n", "1.120.3"), Set.of("vuln:GHSA-v98v-ff95-f3cp"));
        expected.put(fake("n8n", "1.120.4"), Set.of());
        expected.put(fake("flowise", "3.0.13"), Set.of("vuln:GHSA-c9gw-hvqq-f33r", "vuln:CVE-2026-56274"));
        expected.put(fake("flowise", "3.1.2"), Set.of());
        expected.put(fake("langflow", "1.2.0"), Set.of("vuln:CVE-2025-3248"));
        expected.put(fake("jupyterhub", "5.4.4"), Set.of("vuln:CVE-2026-40864"));
        expected.put(fake("jupyterhub", "5.4.5"), Set.of());
        expected.put(fake("open-webui", "0.8.12"), Set.of("vuln:GHSA-57q6-fvp4-pqmm", "vuln:CVE-2026-45349"));
        expected.put(fake("open-webui", "0.9.0"), Set.of());
        expected.put(fake("localai", "v2.17.0"), Set.of("vuln:CVE-2024-6868"));
        expected.put(fake("localai", "v2.18.1"), Set.of());

        List<JsonNode> lines = new ArrayList<>();
        for (String l : run("--preset", "ai", "-p",
                expected.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")), "-Pn", "-n", "-o",
                "json", "127.0.0.1")) {
            lines.add(JSON.readTree(l));
        }
        Map<Integer, Set<String>> vulns = new TreeMap<>();
        Map<Integer, String> versions = new TreeMap<>();
        Map<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode n : lines) {
            int port = n.path("port").asInt();
            if (n.path("type").asText().equals("finding") && n.get("id").asText().startsWith("vuln:")) {
                vulns.computeIfAbsent(port, p -> new TreeSet<>()).add(n.get("id").asText());
                byId.put(n.get("id").asText(), n);
            } else if (n.path("type").asText().equals("service")) {
                versions.put(port, n.path("product").asText() + " " + n.path("version").asText());
            }
        }
        Map<Integer, Set<String>> want = new TreeMap<>();
        expected.forEach((port, ids) -> {
            if (!ids.isEmpty()) {
                want.put(port, ids);
            }
        });
        assertThat(vulns).as(versions.toString()).isEqualTo(want);
        assertThat(byId.get("vuln:GHSA-v98v-ff95-f3cp").get("cves").toString()).contains("CVE-2025-68613");
        assertThat(byId.get("vuln:GHSA-v98v-ff95-f3cp").get("severity").asText()).isEqualTo("critical");
    }

    private static List<String> run(String... args) throws Exception {
        return NetsweepRun.of(args).assertSuccess().lines();
    }
}
