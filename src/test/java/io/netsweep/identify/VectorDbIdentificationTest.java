package io.netsweep.identify;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VectorDbIdentificationTest extends IdentificationTestSupport {

    @Test
    void qdrantIsNamedByItsRootBanner() throws Exception {
        assertIdentity(identified(VectorDbFakes.qdrant()), "Qdrant", Optional.of("1.12.5"), "vector-db",
                AuthState.NONE);
    }

    @Test
    void qdrantWithAnApiKeyNeedsCredentials() throws Exception {
        assertIdentity(identified(VectorDbFakes.qdrant().route("/collections",
                        FakeService.Reply.text(401, "text/plain", "Must provide an API key or an Authorization bearer token"))),
                "Qdrant", Optional.of("1.12.5"), "vector-db", AuthState.REQUIRED);
    }

    @Test
    void chromaIsNamedByItsHeartbeat() throws Exception {
        assertIdentity(identified(VectorDbFakes.chroma()), "Chroma", Optional.of("1.0.12"), "vector-db",
                AuthState.NONE);
    }

    @Test
    void olderChromaAnswersOnTheV1Api() throws Exception {
        FakeService.Builder older = FakeService.builder("chroma-0.5")
                .route("/api/v1/heartbeat", FakeService.Reply.json("{\"nanosecond heartbeat\":1737364800123456789}"))
                .route("/api/v1/version", FakeService.Reply.json("\"0.5.23\""))
                .route("/api/v1/collections", FakeService.Reply.json("[]"))
                .fallback(LlmFakes.FASTAPI_404);
        assertIdentity(identified(older), "Chroma", Optional.of("0.5.23"), "vector-db", AuthState.NONE);
    }

    @Test
    void weaviateIsNamedByItsMeta() throws Exception {
        assertIdentity(identified(VectorDbFakes.weaviate()), "Weaviate", Optional.of("1.28.2"), "vector-db",
                AuthState.NONE);
    }

    @Test
    void weaviateWithApiKeysNeedsCredentials() throws Exception {
        assertIdentity(identified(VectorDbFakes.weaviate().route("/v1/meta", FakeService.Reply.json(401,
                        "{\"code\":401,\"message\":\"anonymous access not enabled\"}"))),
                "Weaviate", Optional.empty(), "vector-db", AuthState.REQUIRED);
    }

    @Test
    void milvusIsNamedThroughItsMetricsPort() throws Exception {
        assertIdentity(identified(VectorDbFakes.milvusMetricsPort()), "Milvus", Optional.of("v2.5.4"), "vector-db",
                AuthState.UNKNOWN);
    }
}
