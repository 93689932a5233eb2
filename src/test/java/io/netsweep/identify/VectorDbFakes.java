package io.netsweep.identify;

import io.netsweep.identify.FakeService.Builder;
import io.netsweep.identify.FakeService.Reply;

/** Fakes of vector databases, answering like each product's documented API. */
final class VectorDbFakes {
    private VectorDbFakes() {}

    static Builder qdrant() {
        return FakeService.builder("qdrant")
                .route("/", Reply.json("{\"title\":\"qdrant - vector search engine\",\"version\":\"1.12.5\","
                        + "\"commit\":\"27260abd69a3c5e2c7ab4b1bff1e6fa8d80d24c0\"}"))
                .route("/collections", Reply.json("{\"result\":{\"collections\":[{\"name\":\"documents\"}]},"
                        + "\"status\":\"ok\",\"time\":0.000012}"))
                .route("/healthz", Reply.text(200, "text/plain", "healthz check passed"))
                .fallback(Reply.status(404));
    }

    static Builder chroma() {
        return FakeService.builder("chroma")
                .route("/api/v2/heartbeat", Reply.json("{\"nanosecond heartbeat\":1737364800123456789}"))
                .route("/api/v2/version", Reply.json("\"1.0.12\""))
                .route("/api/v2/tenants/default_tenant/databases/default_database/collections", Reply.json("[]"))
                .route("/api/v1/heartbeat", Reply.json(410, "{\"error\":\"Unimplemented\","
                        + "\"message\":\"The v1 API is deprecated. Please use /v2 apis\"}"))
                .fallback(Reply.status(404));
    }

    static Builder weaviate() {
        return FakeService.builder("weaviate")
                .route("/", Reply.json("{\"links\":{\"href\":\"/v1\",\"name\":\"api v1\","
                        + "\"documentationHref\":\"https://weaviate.io/developers/weaviate/current/\"}}"))
                .route("/v1/meta", Reply.json("{\"hostname\":\"http://[::]:8080\",\"modules\":{"
                        + "\"text2vec-openai\":{\"documentationHref\":\"https://platform.openai.com/docs/guides/"
                        + "embeddings\",\"name\":\"OpenAI Module\"}},\"version\":\"1.28.2\"}"))
                .route("/v1/.well-known/ready", Reply.status(200))
                .fallback(Reply.json(404, "{\"code\":404,\"message\":\"path /unknown was not found\"}"));
    }

    static Builder milvusMetricsPort() {
        String metrics = """
                # HELP go_goroutines Number of goroutines that currently exist.
                # TYPE go_goroutines gauge
                go_goroutines 812
                # HELP milvus_build_info Build information of milvus
                # TYPE milvus_build_info gauge
                milvus_build_info{built="Mon Jan 13 10:21:44 UTC 2025",git_commit="c2a7a2e",version="v2.5.4"} 1
                # HELP milvus_num_node number of nodes and coordinates
                # TYPE milvus_num_node gauge
                milvus_num_node{node_id="1",role_name="proxy"} 1
                """;
        return FakeService.builder("milvus")
                .route("/metrics", Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics))
                .route("/healthz", Reply.text(200, "text/plain", "OK"))
                .fallback(LlmFakes.GO_404);
    }
}
