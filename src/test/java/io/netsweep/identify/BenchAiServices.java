package io.netsweep.identify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The AI benchmark's services ({@code bench/ai-preset}): twenty of this package's fakes, one per address given on
 * the command line, each on its product's usual port (all of them ports of {@code --preset ai}). Started inside
 * the benchmark's target namespace; prints {@code ready N} once every fake listens, and stops them all when its
 * standard input closes. Not a test: a main in test code, so that the benchmark serves the very fakes the tests
 * check identification against.
 */
public final class BenchAiServices {
    /** One fake: the product it answers as, its usual port and how to build it. */
    record Plan(String product, int port, Supplier<FakeService.Builder> fake) {}

    static final List<Plan> PLANS = List.of(
            new Plan("Ollama", 11434, LlmFakes::ollama),
            new Plan("vLLM", 8000, LlmFakes::vllm),
            new Plan("llama.cpp server", 8080, LlmFakes::llamaCpp),
            new Plan("LocalAI", 8080, LlmFakes::localAi),
            new Plan("KoboldCpp", 5001, LlmFakes::koboldCpp),
            new Plan("LM Studio", 1234, LlmFakes::lmStudio),
            new Plan("Hugging Face TGI", 3000, LlmFakes::tgi),
            new Plan("NVIDIA Triton Inference Server", 8000, LlmFakes::triton),
            new Plan("Open WebUI", 3000, () -> MlFakes.openWebUi(false)),
            new Plan("Jupyter Server", 8888, () -> MlFakes.jupyter(false)),
            new Plan("MLflow", 5000, MlFakes::mlflow),
            new Plan("Gradio", 7860, MlFakes::gradio),
            new Plan("Streamlit", 8501, MlFakes::streamlit),
            new Plan("ComfyUI", 8188, MlFakes::comfyUi),
            new Plan("Ray Dashboard", 8265, MlFakes::rayDashboard),
            new Plan("TensorBoard", 6006, MlFakes::tensorBoard),
            new Plan("Qdrant", 6333, VectorDbFakes::qdrant),
            new Plan("Chroma", 8000, VectorDbFakes::chroma),
            new Plan("Weaviate", 8080, VectorDbFakes::weaviate),
            new Plan("n8n", 5678, () -> catalogueFake("n8n")));

    private BenchAiServices() {}

    private static FakeService.Builder catalogueFake(String name) {
        return ProductFakes.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                .builder(InetAddress.getLoopbackAddress());
    }

    /** {@code BenchAiServices ADDRESS...}: one fake per address, in {@link #PLANS} order (twenty addresses). */
    public static void main(String[] args) throws IOException {
        if (args.length != PLANS.size()) {
            System.err.println("BenchAiServices: needs " + PLANS.size() + " addresses, got " + args.length);
            System.exit(2);
        }
        List<FakeService> running = new ArrayList<>();
        try {
            for (int i = 0; i < PLANS.size(); i++) {
                Plan plan = PLANS.get(i);
                running.add(plan.fake().get().bind(InetAddress.getByName(args[i]), plan.port()).start());
                System.out.println("serving " + args[i] + " " + plan.port() + " " + plan.product());
            }
            System.out.println("ready " + running.size());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Runs until the benchmark closes our standard input.
            }
        } finally {
            running.forEach(FakeService::close);
        }
        System.out.println("stopped");
        System.out.flush();
    }
}
