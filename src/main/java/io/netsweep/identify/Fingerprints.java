package io.netsweep.identify;

import java.util.List;

/**
 * The fingerprints netsweep knows, most specific first: when two products both match, the earlier
 * wins (KoboldCpp emulates Ollama, OpenAI and llama.cpp, so it comes before them; the API-family
 * fingerprints come last).
 */
final class Fingerprints {
    private Fingerprints() {}

    static List<Fingerprint> all() {
        return List.of(
                new KoboldCppFingerprint(),
                new LmStudioFingerprint(),
                new OpenWebUiFingerprint(),
                new OllamaFingerprint(),
                new VllmFingerprint(),
                new LlamaCppFingerprint(),
                new LocalAiFingerprint(),
                new TextGenWebUiFingerprint(),
                new TgiFingerprint(),
                new TritonFingerprint(),
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
                new OllamaCompatibleFingerprint());
    }
}
