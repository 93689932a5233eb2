package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.finding.Advisories;
import io.netsweep.finding.Advisory;
import io.netsweep.finding.Finding;
import io.netsweep.finding.FindingRules;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.LoopbackAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped advisory at its boundary, through identification: a fake of its product on loopback reports a
 * version the advisory names, a real {@link ServiceIdentifier} reads it, and {@link FindingRules} raises
 * {@code vuln:ID} on the report built from that identity; the same fake reporting the first fixed version raises
 * nothing for that advisory. A table row per advisory, and a test that no shipped advisory lacks one.
 */
class AdvisoryBoundaryTest extends IdentificationTestSupport {
    /** One advisory's boundary: the fake that stands for its product, a version it names and the first fixed one. */
    record Boundary(String id, String fake, String affected, String firstFixed) {
        @Override
        public String toString() {
            return id + " (" + fake + " " + affected + " / " + firstFixed + ")";
        }
    }

    private static final List<Boundary> BOUNDARIES = List.of(
            new Boundary("CVE-2024-37032", "ollama", "0.1.33", "0.1.34"),
            new Boundary("CVE-2024-45436", "ollama", "0.1.46", "0.1.47"),
            new Boundary("CVE-2024-28224", "ollama", "0.1.28", "0.1.29"),
            new Boundary("CVE-2024-39720", "ollama", "0.1.45", "0.1.46"),
            new Boundary("CVE-2025-44779", "ollama", "0.1.33", "0.1.34"),
            new Boundary("CVE-2026-7482", "ollama", "0.17.0", "0.17.1"),
            new Boundary("GHSA-xg73-94fp-g449", "mlflow", "2.2.0", "2.2.1"),
            new Boundary("CVE-2023-2780", "mlflow", "2.3.0", "2.3.1"),
            new Boundary("CVE-2023-2356", "mlflow", "2.3.0", "2.3.1"),
            new Boundary("GHSA-v945-r3rc-6fjm", "mlflow", "2.9.1", "2.9.2"),
            new Boundary("GHSA-554w-xh4j-8w64", "mlflow", "2.9.1", "2.9.2"),
            new Boundary("CVE-2023-6909", "mlflow", "2.9.1", "2.9.2"),
            new Boundary("CVE-2023-1176", "mlflow", "2.2.1", "2.2.2"),
            new Boundary("CVE-2023-6568", "mlflow", "2.9.0", "2.9.1"),
            new Boundary("CVE-2024-4263", "mlflow", "2.10.0", "2.10.1"),
            new Boundary("GHSA-vqj2-4v8m-8vrq", "mlflow", "1.23.0", "1.23.1"),
            new Boundary("CVE-2023-6831", "mlflow", "2.9.1", "2.9.2"),
            new Boundary("CVE-2023-30172", "mlflow", "2.0.0", "2.0.1"),
            new Boundary("CVE-2022-29238", "jupyter-notebook", "6.4.11", "6.4.12"),
            new Boundary("GHSA-c7vm-f5p4-8fqh", "jupyter-notebook", "6.1.4", "6.1.5"),
            new Boundary("GHSA-r726-vmfq-j9j3", "jupyter-server", "2.7.1", "2.7.2"),
            new Boundary("GHSA-64x5-55rw-9974", "jupyter-server", "2.7.1", "2.7.2"),
            new Boundary("GHSA-5mrq-x3x5-8v8f", "jupyter-server", "2.17.0", "2.18.0"),
            new Boundary("CVE-2021-43831", "gradio", "2.4.6", "2.5.0"),
            new Boundary("CVE-2024-1561", "gradio", "4.12.0", "4.13.0"),
            new Boundary("GHSA-rhm9-gp5p-5248", "gradio", "5.4.0", "5.5.0"),
            new Boundary("GHSA-6qm2-wpxq-7qh2", "gradio", "4.10.0", "4.11.0"),
            new Boundary("GHSA-3qqg-pgqq-3695", "gradio", "3.33.1", "3.34.0"),
            new Boundary("GHSA-3x5j-9vwr-8rr5", "gradio", "3.13.0", "3.13.1"),
            new Boundary("GHSA-f8xq-q7px-wg8c", "gradio", "2.8.10", "2.8.11"),
            new Boundary("CVE-2023-6572", "gradio", "4.13.0", "4.14.0"),
            new Boundary("GHSA-hj4w-hm2g-p6w5", "vllm", "0.8.4", "0.8.5"),
            new Boundary("GHSA-7972-pg2x-xr59", "vllm", "0.17.1", "0.18.0"),
            new Boundary("CVE-2026-27482", "ray", "2.53.0", "2.54.0"),
            new Boundary("CVE-2026-32981", "ray", "2.8.0", "2.8.1"),
            new Boundary("GHSA-q279-jhrf-cc6v", "ray", "2.51.1", "2.52.0"),
            new Boundary("CVE-2024-25723", "zenml", "0.46.6", "0.46.7"),
            new Boundary("GHSA-8fxr-qfr9-p34w", "torchserve-inference", "0.8.1", "0.8.2"),
            new Boundary("GHSA-wxcx-gg9c-fwp2", "torchserve-inference", "0.10.0", "0.11.0"),
            new Boundary("CVE-2024-2029", "localai", "v2.9.0", "v2.10.0"),
            new Boundary("CVE-2024-5181", "localai", "v2.15.0", "v2.16.0"),
            new Boundary("CVE-2024-5182", "localai", "v2.15.0", "v2.16.0"),
            new Boundary("CVE-2024-6095", "localai", "v2.16.0", "v2.17.0"),
            new Boundary("CVE-2024-6868", "localai", "v2.18.0", "v2.18.1"),
            new Boundary("GHSA-57q6-fvp4-pqmm", "open-webui", "0.8.12", "0.9.0"),
            new Boundary("CVE-2026-45349", "open-webui", "0.8.12", "0.9.0"),
            new Boundary("CVE-2025-3248", "langflow", "1.2.0", "1.3.0"),
            new Boundary("GHSA-c9gw-hvqq-f33r", "flowise", "3.0.13", "3.1.0"),
            new Boundary("CVE-2026-56274", "flowise", "3.1.1", "3.1.2"),
            new Boundary("GHSA-v98v-ff95-f3cp", "n8n", "1.120.3", "1.120.4"),
            new Boundary("GHSA-v4p8-mg3p-g94g", "litellm", "1.83.6", "1.83.7"),
            new Boundary("CVE-2026-28288", "dify", "1.8.1", "1.9.0"),
            new Boundary("CVE-2026-40864", "jupyterhub", "5.4.4", "5.4.5"),
            new Boundary("GHSA-cw7p-q79f-m2v7", "jupyterhub", "1.4.2", "1.5.0"),
            new Boundary("GHSA-7xx3-qp5w-fw96", "jupyterhub", "1.1.0", "1.2.0b1"),
            new Boundary("CVE-2022-36551", "label-studio", "1.5.0", "1.5.0.post0"),
            new Boundary("CVE-2025-49847", "llama.cpp", "b5661-a4417ddd", "b5662-a4417ddd"),
            new Boundary("CVE-2025-52566", "llama.cpp", "b5720-a4417ddd", "b5721-a4417ddd"),
            new Boundary("CVE-2026-33298", "llama.cpp", "b7823-a4417ddd", "b7824-a4417ddd"),
            new Boundary("CVE-2026-27940", "llama.cpp", "b8145-a4417ddd", "b8146-a4417ddd"),
            new Boundary("GHSA-p483-wpfp-42cj", "code-server", "4.99.3", "4.99.4"),
            new Boundary("GHSA-frjg-g767-7363", "code-server", "4.10.0", "4.10.1"),
            new Boundary("GHSA-2gp3-6c9p-jp7w", "code-server", "3.11.1", "3.12.0"),
            new Boundary("CVE-2026-48116", "anythingllm", "1.12.1", "1.13.0"),
            new Boundary("CVE-2026-32628", "anythingllm", "1.11.1", "1.11.2"),
            new Boundary("CVE-2026-24478", "anythingllm", "1.9.1", "1.10.0"),
            new Boundary("CVE-2026-72917", "anythingllm", "1.15.0", "1.15.1"),
            new Boundary("CVE-2024-12882", "comfyui", "0.2.4", "0.2.5"));

    /**
     * Addresses of this JVM's own: on 127.0.0.1 a fake's ephemeral port may be one another test process still
     * connects to (a stray MCP POST once reached a fake here and failed its GET-only check).
     */
    private static final LoopbackAddresses ADDRESSES = new LoopbackAddresses(6);

    private final FindingRules rules = FindingRules.builtIn();

    static Stream<Boundary> boundaries() {
        return BOUNDARIES.stream();
    }

    @Test
    void everyShippedAdvisoryHasABoundary() {
        assertThat(BOUNDARIES).extracting(Boundary::id)
                .containsExactlyInAnyOrderElementsOf(Advisories.builtIn().entries().stream().map(Advisory::id).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void anAffectedVersionRaisesTheAdvisoryAndTheFirstFixedDoesNot(Boundary b) throws Exception {
        String finding = "vuln:" + b.id();
        ServiceIdentity affected = identified(fake(b.fake(), b.affected()).bind(ADDRESSES.next(), 0));
        assertThat(affected.version()).as("the version identification read").contains(b.affected());
        assertThat(findings(affected)).as("%s %s", affected.product(), b.affected()).contains(finding);

        ServiceIdentity fixed = identified(fake(b.fake(), b.firstFixed()).bind(ADDRESSES.next(), 0));
        assertThat(fixed.version()).contains(b.firstFixed());
        assertThat(fixed.product()).isEqualTo(affected.product());
        assertThat(findings(fixed)).as("%s %s", fixed.product(), b.firstFixed()).doesNotContain(finding);
    }

    /** The findings of the report port detection builds from an AI identity (see {@code PortDetection}). */
    private List<String> findings(ServiceIdentity id) {
        ServiceReport report = new ServiceReport("http", Optional.of(id.product()), id.version(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10,
                id.evidence());
        return rules.of(report).stream().map(Finding::id).toList();
    }

    /** A fake of the named product that reports {@code version} wherever the product states its version. */
    static FakeService.Builder fake(String kind, String version) {
        return switch (kind) {
            case "ollama" -> LlmFakes.ollama(version);
            case "llama.cpp" -> LlmFakes.llamaCpp(version);
            case "comfyui" -> MlFakes.comfyUi(version);
            case "vllm" -> LlmFakes.vllm(version);
            case "mlflow" -> MlFakes.mlflow(version);
            case "gradio" -> MlFakes.gradio(version);
            case "ray" -> MlFakes.rayDashboard(version);
            case "localai" -> LlmFakes.localAi(version);
            case "open-webui" -> MlFakes.openWebUi(false, version);
            case "jupyter-notebook", "jupyter-server" -> MlFakes.jupyter(true, version);
            default -> catalogueFake(kind, version);
        };
    }

    /** The catalogue's fake of that name with its stated version replaced by {@code version} in every answer. */
    private static FakeService.Builder catalogueFake(String name, String version) {
        ProductFakes.Spec spec = ProductFakes.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fake " + name));
        String stated = spec.expect().get("version");
        Map<String, ProductFakes.Answer> answers = spec.answers().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> {
                    ProductFakes.Answer a = e.getValue();
                    Map<String, String> headers = a.headers().entrySet().stream().collect(Collectors.toMap(
                            Map.Entry::getKey, h -> h.getValue().replace(stated, version)));
                    return new ProductFakes.Answer(a.status(), a.contentType(), headers, a.body().replace(stated, version));
                }));
        return new ProductFakes.Spec(spec.name(), spec.file(), spec.expect(), spec.also(), Optional.empty(), answers)
                .builder(InetAddress.getLoopbackAddress());
    }
}
