package io.netsweep.identify;

import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprints netsweep knows, most specific first: when two products both match, the earlier
 * wins (KoboldCpp emulates Ollama, OpenAI and llama.cpp, so it comes before them; the API-family
 * fingerprints come last). The product catalogue's entries (data, see {@link ProductCatalogue}) come after the
 * LLM servers coded here and before the tools they build on (Automatic1111 and Fooocus are Gradio apps,
 * JupyterHub spawns Jupyter servers).
 */
final class Fingerprints {
    private Fingerprints() {}

    static List<Fingerprint> all() {
        List<Fingerprint> all = new ArrayList<>(List.of(
                new KoboldCppFingerprint(),
                new LmStudioFingerprint(),
                new OpenWebUiFingerprint(),
                new OllamaFingerprint(),
                new VllmFingerprint(),
                new LlamaCppFingerprint(),
                new LocalAiFingerprint(),
                new TextGenWebUiFingerprint(),
                new TgiFingerprint(),
                new TritonFingerprint()));
        all.addAll(ProductCatalogue.builtIn().fingerprints());
        all.addAll(List.of(
                new JupyterFingerprint(),
                new TensorBoardFingerprint(),
                new MlflowFingerprint(),
                new GradioFingerprint(),
                new StreamlitFingerprint(),
                new ComfyUiFingerprint(),
                new RayFingerprint(),
                new QdrantFingerprint(),
                new ChromaFingerprint(),
                new WeaviateFingerprint(),
                new MilvusFingerprint(),
                new OpenAiCompatibleFingerprint(),
                new OllamaCompatibleFingerprint()));
        return List.copyOf(all);
    }
}
