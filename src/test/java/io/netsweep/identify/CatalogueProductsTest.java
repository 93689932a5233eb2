package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.LoopbackAddresses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fake of a catalogue product (and every look-alike) is identified exactly as its answers prove, on a
 * real loopback HTTP server, with GET requests only and within the request budget (checked after each test by
 * {@link IdentificationTestSupport}); and no other product's fingerprint matches what a fake answers.
 */
class CatalogueProductsTest extends IdentificationTestSupport {
    private static final LoopbackAddresses ADDRESSES = new LoopbackAddresses(4);
    private static final List<Fingerprint> FINGERPRINTS = Fingerprints.all();

    static Stream<ProductFakes.Spec> fakes() {
        return ProductFakes.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fakes")
    void fakeIsNamedAsItsAnswersProve(ProductFakes.Spec spec) throws Exception {
        FakeService fake = start(spec.builder(ADDRESSES.next()));
        Optional<ServiceIdentity> identity = identify(fake);
        String trail = "requests " + fake.requests().stream().map(FakeService.Seen::target).toList();
        if (spec.product().isEmpty()) {
            assertThat(identity).as("%s; %s", spec, trail).isEmpty();
            return;
        }
        assertThat(identity).as("%s; %s", spec, trail).isPresent();
        ServiceIdentity id = identity.get();
        String evidence = "evidence: " + id.evidence() + "; " + trail;
        assertThat(id.product()).as(evidence).isEqualTo(spec.product().get());
        Map<String, String> expect = spec.expect();
        if (expect.containsKey("version")) {
            String v = expect.get("version");
            assertThat(id.version()).as("version; " + evidence).isEqualTo(v.equals("-") ? Optional.empty() : Optional.of(v));
        }
        if (expect.containsKey("auth")) {
            assertThat(id.auth().label()).as("auth; " + evidence).isEqualTo(expect.get("auth"));
        }
        if (expect.containsKey("category")) {
            assertThat(id.category()).as("category; " + evidence).isEqualTo(expect.get("category"));
        }
        if (expect.containsKey("models")) {
            assertThat(id.models()).as("models; " + evidence)
                    .containsSubsequence(List.of(expect.get("models").split(",\\s*")));
        }
        assertThat(id.evidence()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fakes")
    void noOtherProductMatchesWhatAFakeAnswers(ProductFakes.Spec spec) {
        // Every path the fake answers is seen at once, more than any one identification fetches: a product
        // whose evidence would match on any of it, other than the fake's own, is a false identification waiting.
        Observations seen = observationsOf(spec);
        Set<String> allowed = new HashSet<>(spec.also());
        spec.product().ifPresent(allowed::add);
        List<String> decisive = new ArrayList<>();
        for (Fingerprint fingerprint : FINGERPRINTS) {
            fingerprint.match(seen).filter(Match::decisive).map(m -> m.identity().product())
                    .filter(p -> !allowed.contains(p)).ifPresent(decisive::add);
        }
        assertThat(decisive).as("products matching the answers of %s", spec).isEmpty();
    }

    private static Observations observationsOf(ProductFakes.Spec spec) {
        Map<String, HttpReply> replies = new LinkedHashMap<>();
        spec.answers().forEach((path, answer) -> replies.put(path, reply(answer)));
        HttpReply fallback = replies.getOrDefault("*", new HttpReply(404, Map.of("content-type", "text/plain"),
                "404 Not Found", false));
        Observations seen = new Observations(spec.port().orElse(80), false, new SafeJson(64 * 1024),
                replies.getOrDefault("/", fallback));
        Set<String> paths = new HashSet<>(replies.keySet());
        for (Fingerprint fingerprint : FINGERPRINTS) {
            paths.addAll(fingerprint.wanted(seen));
        }
        paths.remove("/");
        paths.remove("*");
        for (String path : paths) {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            seen.record(path, replies.getOrDefault(bare, fallback));
        }
        return seen;
    }

    private static HttpReply reply(ProductFakes.Answer answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.contentType() != null) {
            headers.put("content-type", answer.contentType());
        }
        answer.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return new HttpReply(answer.status(), headers, answer.body(), false);
    }
}
