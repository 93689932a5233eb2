package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad catalogue entry is left out and described; it never throws, so it can fail tests, not scans. */
class CatalogueLoaderTest {
    private static final String PROBES = """
            probe banner
              kind banner
              ports 22
            probe tls
              kind tls
            probe http
              kind http
              path /
            """;

    private static Catalogue load(String text) {
        return CatalogueLoader.load(List.of(new CatalogueLoader.Source("probes.txt", PROBES),
                new CatalogueLoader.Source("test.txt", text)));
    }

    @Test
    void goodEntryLoadsWithItsFields() {
        Catalogue c = load("""
                # a comment
                match demo
                  probe   banner
                  service ssh
                  pattern ^SSH-2\\.0-Demo_(?<version>[\\d.]+)\\r\\n
                  product Demo sshd
                  version ${version}
                  info    build $$1
                  cpe     a:demo:demo_sshd:${version}
                  example "SSH-2.0-Demo_1.2\\r\\n"
                  expect  version 1.2
                """);
        assertThat(c.problems()).isEmpty();
        MatchRule rule = c.rules().getFirst();
        Found found = rule.apply("banner", new String(rule.examples().getFirst().answer(), StandardCharsets.ISO_8859_1))
                .orElseThrow();
        assertThat(found.product()).contains("Demo sshd");
        assertThat(found.version()).contains("1.2");
        assertThat(found.info()).contains("build $1");
        assertThat(found.cpes()).containsExactly("cpe:2.3:a:demo:demo_sshd:1.2:*:*:*:*:*:*:*");
    }

    @Test
    void badEntriesAreLeftOutAndDescribed() {
        Catalogue c = load("""
                match broken-pattern
                  probe   banner
                  service ssh
                  pattern ^SSH-(
                  product X
                  example "SSH-"
                match unknown-capture
                  probe   banner
                  service ssh
                  pattern ^SSH-
                  product X
                  version ${version}
                  example "SSH-"
                  expect  version -
                match no-example
                  probe   banner
                  service ssh
                  pattern ^SSH-
                  product X
                match unknown-probe
                  probe   gopher
                  service ssh
                  pattern ^SSH-
                  product X
                  example "SSH-"
                match no-product
                  probe   banner
                  service ssh
                  pattern ^SSH-
                  example "SSH-"
                match bad-escape
                  probe   banner
                  service ssh
                  pattern ^SSH-
                  product X
                  example "SSH-\\q"
                match typo
                  probe   banner
                  servce  ssh
                  pattern ^SSH-
                  product X
                  example "SSH-"
                """);
        assertThat(c.rules()).isEmpty();
        assertThat(String.join("\n", c.problems()))
                .contains("test.txt:4: pattern does not compile")
                .contains("refers to ${version}, which its pattern does not capture")
                .contains("match no-example has no example")
                .contains("reads unknown probe 'gopher'")
                .contains("names no product")
                .contains("unknown escape \\q")
                .contains("unknown key 'servce'");
    }

    @Test
    void missingBuiltInProbesAreProblems() {
        Catalogue c = CatalogueLoader.load(List.of(new CatalogueLoader.Source("x.txt", "probe http\n  kind http\n  path /\n")));
        assertThat(c.problems()).contains("the catalogue defines no probe 'banner'", "the catalogue defines no probe 'tls'");
    }

    @Test
    void quotedStringsTakeEveryEscapeAndJoin() {
        assertThat(CatalogueLoader.unquote("\"a\\r\\n\\t\\0\\\\\\\"\\xff\" \"b\""))
                .containsExactly('a', '\r', '\n', '\t', 0, '\\', '"', 0xff, 'b');
    }
}
