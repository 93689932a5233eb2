package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Starts fakes on loopback, identifies them with a real {@link ServiceIdentifier}, and after every test
 * checks what each fake received: only GET requests, each with netsweep's User-Agent, and no more of them
 * than the per-port budget.
 */
abstract class IdentificationTestSupport {
    private final List<FakeService> services = new ArrayList<>();
    /**
     * The defaults but for the longest request timeout: fakes answer in milliseconds, so it only guards against a
     * hang, and a loaded machine cannot turn a slow answer into a timeout. Tests of timeouts set their own.
     */
    private IdentifyOptions options = new IdentifyOptions(IdentifyOptions.MAX_TIMEOUT,
            IdentifyOptions.DEFAULT_MAX_RESPONSE_BYTES, IdentifyOptions.DEFAULT_MAX_REQUESTS_PER_PORT,
            IdentifyOptions.DEFAULT_MAX_CONCURRENT);
    private ServiceIdentifier identifier;

    FakeService start(FakeService.Builder builder) throws IOException {
        FakeService service = builder.start();
        services.add(service);
        return service;
    }

    void useOptions(IdentifyOptions custom) {
        if (identifier != null) {
            identifier.close();
            identifier = null;
        }
        options = custom;
    }

    ServiceIdentifier identifier() {
        if (identifier == null) {
            identifier = new ServiceIdentifier(options);
        }
        return identifier;
    }

    Optional<ServiceIdentity> identify(FakeService service) throws Exception {
        return identifier().identify(service.address(), service.port()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Identifies a fake and returns the identity, failing if there is none. */
    ServiceIdentity identified(FakeService.Builder builder) throws Exception {
        FakeService service = start(builder);
        Optional<ServiceIdentity> identity = identify(service);
        assertThat(identity).as("identity of %s after %s", service, service.requests()).isPresent();
        return identity.orElseThrow();
    }

    @AfterEach
    void everyRequestWasABoundedPoliteGet() {
        try {
            for (FakeService service : services) {
                List<FakeService.Seen> requests = service.requests();
                assertThat(requests).as("requests received by %s", service)
                        .allSatisfy(r -> {
                            assertThat(r.method()).isEqualTo("GET");
                            assertThat(r.userAgent()).startsWith("netsweep/");
                        })
                        .hasSizeLessThanOrEqualTo(options.maxRequestsPerPort());
            }
        } finally {
            services.forEach(FakeService::close);
            if (identifier != null) {
                identifier.close();
            }
        }
    }

    static void assertIdentity(
            ServiceIdentity identity, String product, Optional<String> version, String category, AuthState auth,
            String... models) {
        assertThat(identity.product()).as("product; evidence: %s", identity.evidence()).isEqualTo(product);
        assertThat(identity.version()).as("version").isEqualTo(version);
        assertThat(identity.category()).as("category").isEqualTo(category);
        assertThat(identity.auth()).as("auth; evidence: %s", identity.evidence()).isEqualTo(auth);
        assertThat(identity.models()).as("models").containsExactly(models);
        assertThat(identity.evidence()).as("evidence").isNotBlank();
    }
}
