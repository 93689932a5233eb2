package io.netsweep.identify;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A few of this package's fakes of AI services, started on given loopback addresses for tests
 * elsewhere that want a realistic small network to scan: the web UI's end-to-end test and the
 * README's screenshot. Each fake takes its product's usual port when that port is free on its
 * address, and any free port otherwise. Close it to stop them all.
 */
public final class DemoServices implements AutoCloseable {
    /** One running fake: the product it answers as, and where. */
    public record Service(String product, boolean unauthenticated, InetAddress address, int port) {}

    private record Plan(String product, boolean unauthenticated, int usualPort, Supplier<FakeService.Builder> fake) {}

    private static final List<Plan> PLANS = List.of(
            new Plan("Ollama", true, 11434, LlmFakes::ollama),
            new Plan("vLLM", false, 8000, LlmFakes::vllmWithApiKey),
            new Plan("Jupyter", true, 8888, () -> MlFakes.jupyter(false)),
            new Plan("Qdrant", true, 6333, VectorDbFakes::qdrant),
            new Plan("Open WebUI", false, 3000, () -> MlFakes.openWebUi(true)));

    private final List<FakeService> fakes = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();

    private DemoServices() {}

    /** Starts one fake on each of the first {@value #COUNT} addresses (loopback ones: the tests scan them). */
    public static DemoServices start(List<InetAddress> addresses) throws IOException {
        if (addresses.size() < PLANS.size()) {
            throw new IllegalArgumentException("needs " + PLANS.size() + " addresses");
        }
        DemoServices demo = new DemoServices();
        try {
            for (int i = 0; i < PLANS.size(); i++) {
                Plan plan = PLANS.get(i);
                InetAddress address = addresses.get(i);
                FakeService fake;
                try {
                    fake = plan.fake().get().bind(address, plan.usualPort()).start();
                } catch (BindException taken) {
                    fake = plan.fake().get().bind(address, 0).start();
                }
                demo.fakes.add(fake);
                demo.services.add(new Service(plan.product(), plan.unauthenticated(), address, fake.port()));
            }
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /** How many fakes {@link #start} runs, one per address. */
    public static final int COUNT = 5;

    public List<Service> services() {
        return List.copyOf(services);
    }

    @Override
    public void close() {
        fakes.forEach(FakeService::close);
    }
}
