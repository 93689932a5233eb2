package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortPresets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The product catalogue's format: what loads, what is refused, and what every shipped entry must come with. */
class ProductCatalogueTest {
    private static final ProductCatalogue BUILT_IN = ProductCatalogue.builtIn();

    @Test
    void builtInCatalogueLoadsWithoutProblems() {
        assertThat(BUILT_IN.problems()).isEmpty();
        assertThat(BUILT_IN.entries()).isNotEmpty();
    }

    @Test
    void everyEntryNamesWhereItsEvidenceComesFrom() {
        assertThat(BUILT_IN.entries()).allSatisfy(e -> assertThat(e.source()).as(e.id()).containsPattern("https://"));
    }

    @Test
    void everyEntryHasAFakeThatIsNamedAsIt() {
        Set<String> faked = ProductFakes.all().stream().flatMap(s -> s.product().stream()).collect(Collectors.toSet());
        assertThat(BUILT_IN.entries()).allSatisfy(e -> assertThat(faked).as("a fake of %s", e.id()).contains(e.name()));
    }

    @Test
    void everyDefaultPortOfAnEntryIsInTheAiPreset() {
        assertThat(BUILT_IN.entries()).allSatisfy(e -> assertThat(PortPresets.ai().toArray())
                .as("ports of %s", e.id()).contains(e.ports().stream().mapToInt(Integer::intValue).toArray()));
    }

    @Test
    void aWellFormedEntryLoadsWithEveryField() {
        ProductCatalogue catalogue = load("""
                # a comment
                product demo
                  name      Demo Server
                  category  llm-server
                  source    https://example.invalid/api.md
                  ports     4242 4243
                  blind     70
                  hint      / body (?i)demo
                  require   /api/info json /name ^demo$
                  either    /api/info status 200
                  either    /api/info status 401 403
                  unless    / header server (?i)nginx
                  version   /api/info json /version
                  lists     models /api/models /data id
                  lists     gpus /metrics body gpu="(?<v>[^"]+)"
                  auth-required /api/info json /auth ^true$
                  auth      /api/models
                """);
        assertThat(catalogue.problems()).isEmpty();
        ProductEntry e = catalogue.entries().getFirst();
        assertThat(e.name()).isEqualTo("Demo Server");
        assertThat(e.ports()).containsExactlyInAnyOrder(4242, 4243);
        assertThat(e.paths()).containsExactly("/api/info", "/api/models", "/metrics");
        assertThat(e.requires()).hasSize(1);
        assertThat(e.eithers()).hasSize(2);
        assertThat(e.listings()).hasSize(2);
    }

    @Test
    void badEntriesAreLeftOutWithAProblemEach() {
        Map<String, String> bad = Map.of(
                "unknown key", "  colour    blue\n  require / status 200",
                "pattern that does not compile", "  require / body (unclosed",
                "no evidence", "  hint / body demo",
                "version from a status", "  require / status 200\n  version / status 200",
                "body version without group v", "  require / status 200\n  version / body \\d+",
                "bad JSON pointer", "  require / json version",
                "bad port", "  ports 70000\n  require / status 200",
                "blind without ports", "  blind 70\n  require / status 200",
                "not a path", "  require api status 200",
                "listing without field", "  require / status 200\n  lists models /api/models /data");
        bad.forEach((what, lines) -> {
            ProductCatalogue catalogue = load("product demo\n  name Demo\n  category llm-server\n"
                    + "  source https://example.invalid\n" + lines + "\n");
            assertThat(catalogue.entries()).as(what).isEmpty();
            assertThat(catalogue.problems()).as(what).isNotEmpty();
        });
    }

    @Test
    void anIdDefinedTwiceKeepsTheFirst() {
        String entry = "product demo\n  name Demo\n  category llm-server\n  source https://example.invalid\n"
                + "  require / status 200\n";
        ProductCatalogue catalogue = load(entry + entry);
        assertThat(catalogue.entries()).hasSize(1);
        assertThat(catalogue.problems()).singleElement().asString().contains("defined twice");
    }

    @Test
    void missingNameCategoryOrSourceIsAProblem() {
        ProductCatalogue catalogue = load("product demo\n  require / status 200\n");
        assertThat(catalogue.entries()).isEmpty();
        assertThat(catalogue.problems()).singleElement().asString().contains("needs a name, a category and a source");
    }

    @Test
    void conditionsReadOnlyTheAnswerToTheirPath() {
        Observations seen = new Observations(8080, false, new SafeJson(65536), new HttpReply(200,
                Map.of("content-type", "application/json", "server", "demo/2.1.0"),
                "{\"name\":\"demo\",\"version\":\"1.4.2\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", false));
        seen.record("/denied", new HttpReply(401, Map.of(), "", false));
        assertThat(condition("/ json /name ^demo$").holds(seen)).isTrue();
        assertThat(condition("/ json /name ^other$").holds(seen)).isFalse();
        assertThat(condition("/ json /data").holds(seen)).isTrue();
        assertThat(condition("/ json /data x").holds(seen)).as("a container never matches a pattern").isFalse();
        assertThat(condition("/ status 2xx").holds(seen)).isTrue();
        assertThat(condition("/denied status 401 403").holds(seen)).isTrue();
        assertThat(condition("/never-fetched status 404").holds(seen)).isFalse();
        assertThat(condition("/ header server ^demo/").holds(seen)).isTrue();
        assertThat(condition("/ header server ^demo/(?<v>[\\d.]+)").extract(seen)).contains("2.1.0");
        assertThat(condition("/ json /version").extract(seen)).contains("1.4.2");
        assertThat(condition("/ body \"version\":\"(?<v>[^\"]+)\"").extract(seen)).contains("1.4.2");
    }

    private static Condition condition(String text) {
        Optional<Condition> c = ProductCatalogueLoader.parseCondition(text);
        assertThat(c).as(text).isPresent();
        return c.get();
    }

    private static ProductCatalogue load(String text) {
        return ProductCatalogueLoader.load(List.of(new ProductCatalogueLoader.Source("test.txt", text)));
    }
}
