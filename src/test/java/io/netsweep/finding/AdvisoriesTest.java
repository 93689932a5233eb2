package io.netsweep.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The known-vulnerability data shipped with netsweep: every entry well-formed (a CVE or GHSA id, a product netsweep
 * names, parseable ranges, a severity, an https source, the date it was checked), and the parser refuses what
 * is not.
 */
class AdvisoriesTest {
    /** Products as netsweep's identification names them: an advisory about another name would never match. */
    private static final Set<String> PRODUCTS = Set.of("Ollama", "Open WebUI", "vLLM", "Ray Dashboard", "MLflow",
            "Jupyter Notebook", "Jupyter Server", "ComfyUI", "Gradio", "Streamlit", "llama.cpp server", "LocalAI",
            "KoboldCpp", "LM Studio", "text-generation-webui", "Hugging Face TGI", "NVIDIA Triton Inference Server",
            "TensorBoard", "Qdrant", "Chroma", "Weaviate", "Milvus", "Langflow", "Flowise", "n8n", "LiteLLM", "Dify",
            "JupyterHub", "Label Studio", "ZenML", "TorchServe", "code-server", "AnythingLLM");

    @Test
    void everyShippedEntryIsWellFormed() {
        Advisories shipped = Advisories.builtIn();
        assertThat(shipped.problems()).isEmpty();
        assertThat(shipped.entries()).hasSizeGreaterThanOrEqualTo(10);
        for (Advisory a : shipped.entries()) {
            assertThat(Finding.isAdvisoryId(a.id())).as(a.id()).isTrue();
            assertThat(PRODUCTS).as(a.id()).contains(a.product());
            assertThat(a.source().getScheme()).isEqualTo("https");
            assertThat(a.source().getHost()).as(a.id()).isIn("nvd.nist.gov", "github.com");
            assertThat(a.checked()).as(a.id()).isBeforeOrEqualTo(LocalDate.now()).isAfter(LocalDate.of(2026, 1, 1));
            assertThat(a.cves()).as(a.id()).isNotEmpty().allMatch(Finding::isAdvisoryId);
            assertThat(a.title()).isNotBlank();
        }
        assertThat(shipped.entries()).extracting(Advisory::product)
                .contains("Ollama", "vLLM", "Ray Dashboard", "MLflow", "Jupyter Notebook", "Gradio");
    }

    @Test
    void rangesMatchTheVersionsTheirAdvisoriesName() {
        Advisories shipped = Advisories.builtIn();
        assertThat(ids(shipped, "Ollama", "0.1.33")).contains("CVE-2024-37032", "CVE-2024-45436");
        assertThat(ids(shipped, "Ollama", "0.1.34")).doesNotContain("CVE-2024-37032", "CVE-2025-44779")
                .contains("CVE-2024-45436", "CVE-2024-39720");
        assertThat(ids(shipped, "Ollama", "0.1.47")).containsExactly("CVE-2026-7482");
        assertThat(ids(shipped, "Ollama", "0.17.1")).as("the first fixed of the newest").isEmpty();
        assertThat(ids(shipped, "Jupyter Notebook", "6.4.11")).containsExactly("CVE-2022-29238");
        assertThat(ids(shipped, "Jupyter Notebook", "6.4.12")).as("Debian 12's, the first fixed").isEmpty();
        assertThat(ids(shipped, "Gradio", "4.2.0")).containsExactlyInAnyOrder("GHSA-6qm2-wpxq-7qh2", "CVE-2023-6572");
        assertThat(ids(shipped, "Gradio", "4.11.0")).containsExactlyInAnyOrder("CVE-2024-1561", "CVE-2023-6572");
        assertThat(ids(shipped, "Gradio", "4.13.0")).containsExactly("CVE-2023-6572");
        assertThat(ids(shipped, "Gradio", "4.14.0")).as("the first fixed of the newest").isEmpty();
        assertThat(ids(shipped, "MLflow", "2.0.0")).contains("CVE-2023-30172", "CVE-2023-6831");
        assertThat(ids(shipped, "MLflow", "2.0.1")).doesNotContain("CVE-2023-30172").contains("CVE-2023-6831");
        assertThat(ids(shipped, "vLLM", "0.8.4")).contains("GHSA-hj4w-hm2g-p6w5");
        assertThat(ids(shipped, "vLLM", "0.8.5")).doesNotContain("GHSA-hj4w-hm2g-p6w5");
        assertThat(ids(shipped, "vllm", "0.6.4.post1")).as("names compared without case").isEmpty();
        assertThat(ids(shipped, "Ray Dashboard", "2.53.0")).contains("CVE-2026-27482");
        assertThat(ids(shipped, "Ray Dashboard", "2.54.0")).isEmpty();
        assertThat(ids(shipped, "n8n", "1.120.3")).containsExactly("GHSA-v98v-ff95-f3cp");
        assertThat(ids(shipped, "n8n", "1.120.4")).as("fixed on the 1.120 line").isEmpty();
        assertThat(ids(shipped, "n8n", "1.121.0")).as("the second range").containsExactly("GHSA-v98v-ff95-f3cp");
        assertThat(ids(shipped, "n8n", "1.121.1")).isEmpty();
        assertThat(ids(shipped, "n8n", "0.210.2")).as("before the range").isEmpty();
        assertThat(ids(shipped, "JupyterHub", "5.4.4")).containsExactly("CVE-2026-40864");
        assertThat(ids(shipped, "JupyterHub", "4.0.2")).as("before 4.1.0").isEmpty();
        assertThat(ids(shipped, "JupyterHub", "1.2.0a1")).as("a pre-release below 1.2.0b1")
                .containsExactlyInAnyOrder("GHSA-7xx3-qp5w-fw96", "GHSA-cw7p-q79f-m2v7");
        assertThat(ids(shipped, "llama.cpp server", "b4570-a4417ddd")).as("a build below every fix")
                .containsExactlyInAnyOrder("CVE-2025-49847", "CVE-2025-52566", "CVE-2026-33298", "CVE-2026-27940");
        assertThat(ids(shipped, "llama.cpp server", "b7824-0123abcd")).containsExactly("CVE-2026-27940");
        assertThat(ids(shipped, "llama.cpp server", "b8146-0123abcd")).as("the first fixed of the newest").isEmpty();
        assertThat(ids(shipped, "llama.cpp server", "1.0.0")).as("a release number is no build").isEmpty();
        assertThat(ids(shipped, "code-server", "4.10.0")).containsExactlyInAnyOrder("GHSA-frjg-g767-7363",
                "GHSA-p483-wpfp-42cj");
        assertThat(ids(shipped, "code-server", "4.99.4")).isEmpty();
        assertThat(ids(shipped, "AnythingLLM", "1.11.1")).containsExactlyInAnyOrder("CVE-2026-32628",
                "CVE-2026-48116", "CVE-2026-72917");
        assertThat(ids(shipped, "AnythingLLM", "0.9.0")).as("before 1.0.0").containsExactlyInAnyOrder(
                "CVE-2026-32628", "CVE-2026-48116", "CVE-2026-24478");
        assertThat(ids(shipped, "AnythingLLM", "1.16.0")).isEmpty();
        assertThat(ids(shipped, "Label Studio", "1.5.0")).as("1.5.0 itself is affected").containsExactly("CVE-2022-36551");
        assertThat(ids(shipped, "Label Studio", "1.5.0.post0")).isEmpty();
        assertThat(ids(shipped, "LocalAI", "v2.15.0")).containsExactlyInAnyOrder("CVE-2024-5181", "CVE-2024-5182",
                "CVE-2024-6095", "CVE-2024-6868");
        assertThat(ids(shipped, "LocalAI", "v2.17.0")).as("2.17 is 2.17.0").containsExactly("CVE-2024-6868");
        assertThat(ids(shipped, "LocalAI", "v2.26.0")).isEmpty();
        assertThat(ids(shipped, "ZenML", "0.42.1")).containsExactly("CVE-2024-25723");
        assertThat(ids(shipped, "ZenML", "0.42.2")).as("patched on the 0.42 line").isEmpty();
        assertThat(ids(shipped, "ZenML", "0.43.0")).containsExactly("CVE-2024-25723");
        assertThat(ids(shipped, "ZenML", "0.43.1")).isEmpty();
        assertThat(ids(shipped, "ZenML", "0.44.3")).containsExactly("CVE-2024-25723");
        assertThat(ids(shipped, "ZenML", "0.44.4")).isEmpty();
        assertThat(ids(shipped, "ZenML", "0.45.0")).containsExactly("CVE-2024-25723");
        assertThat(ids(shipped, "ZenML", "0.46.7")).isEmpty();
        assertThat(ids(shipped, "Ray Dashboard", "2.8.0")).contains("CVE-2026-32981", "GHSA-q279-jhrf-cc6v");
        assertThat(ids(shipped, "TorchServe", "0.4.1")).as("before the second range").containsExactly("GHSA-8fxr-qfr9-p34w");
        assertThat(ids(shipped, "TorchServe", "0.8.1")).containsExactlyInAnyOrder("GHSA-8fxr-qfr9-p34w",
                "GHSA-wxcx-gg9c-fwp2");
        assertThat(ids(shipped, "TorchServe", "0.11.0")).isEmpty();
        assertThat(ids(shipped, "Ollama", "unknown")).as("an unreadable version matches nothing").isEmpty();
    }

    @Test
    void malformedEntriesAreLeftOutAndListed() {
        Advisories parsed = Advisories.parse("""
                advisory CVE-2024-0001
                  product  Ollama
                  affected < 1.0
                  cve      CVE-2024-0001
                  severity high
                  title    fine
                  source   https://nvd.nist.gov/vuln/detail/CVE-2024-0001
                  checked  2026-12-07

                advisory CVE-2024-0002
                  product  Ollama
                  affected around 1.0
                  severity dire
                  title    bad
                  source   http://example.test/
                  checked  yesterday
                  colour   red

                advisory not-an-id
                  product  Ollama
                  affected < 1
                  severity low
                  title    x
                  source   https://nvd.nist.gov/
                  checked  2026-12-07

                advisory CVE-2024-0003
                  product  llama.cpp server
                  affected < b5662
                  affected < 1.2
                  cve      CVE-2024-0003
                  severity high
                  title    two schemes
                  source   https://nvd.nist.gov/vuln/detail/CVE-2024-0003
                  checked  2026-12-07
                """);
        assertThat(parsed.entries()).extracting(Advisory::id).containsExactly("CVE-2024-0001");
        assertThat(String.join("\n", parsed.problems())).contains("unreadable range 'around 1.0'",
                "unknown severity dire", "not an https URL", "not a date", "unknown key colour",
                "not-an-id (line 19): the id is not a CVE or GHSA identifier",
                "CVE-2024-0003 (line 27): ranges of two version schemes");
    }

    private static java.util.List<String> ids(Advisories a, String product, String version) {
        return a.affecting(product, version).stream().map(Advisory::id).toList();
    }
}
